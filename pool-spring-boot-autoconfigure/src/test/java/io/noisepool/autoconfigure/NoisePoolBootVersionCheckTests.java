package io.noisepool.autoconfigure;

import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.core.io.support.SpringFactoriesLoader;

class NoisePoolBootVersionCheckTests {

    @Test
    void bootThreeClassPathIsRefusedNamingTheFix() {
        assertThatIllegalStateException()
                .isThrownBy(() -> NoisePoolBootVersionCheck.check(
                        new FilteredClassLoader(NoisePoolBootVersionCheck.BOOT_4_CLASS)))
                .withMessageContaining("needs Spring Boot 4.0 or 4.1")
                .withMessageContaining("Upgrade the application to Spring Boot 4");
    }

    @Test
    void bootFourClassPathPasses() {
        assertThatNoException().isThrownBy(() -> NoisePoolBootVersionCheck.check(getClass().getClassLoader()));
    }

    @Test
    void checkRunsForEveryApplication() {
        assertThat(SpringFactoriesLoader.forDefaultResourceLocation().load(ApplicationContextInitializer.class))
                .hasAtLeastOneElementOfType(NoisePoolBootVersionCheck.class);
    }
}
