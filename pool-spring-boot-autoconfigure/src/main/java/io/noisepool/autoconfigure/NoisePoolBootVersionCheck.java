package io.noisepool.autoconfigure;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * Refuses to start on a Spring Boot 3.x class path, which would read our auto-configuration
 * imports but skip every piece whose Boot 4 classes are missing (health, metrics, endpoint) without
 * a word. Registered in {@code META-INF/spring.factories}, so it runs before any auto-configuration,
 * whatever the Boot version.
 */
final class NoisePoolBootVersionCheck implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** A class Spring Boot 4.0 moved into its root package; Boot 3.x has it elsewhere. */
    static final String BOOT_4_CLASS = "org.springframework.boot.EnvironmentPostProcessor";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        check(context.getClassLoader());
    }

    /**
     * @param classLoader the application's class loader, or {@code null} for the default one
     * @throws IllegalStateException if Spring Boot 4 is not on its class path
     */
    static void check(ClassLoader classLoader) {
        if (!ClassUtils.isPresent(BOOT_4_CLASS, classLoader)) {
            throw new IllegalStateException("pool-spring-boot-starter needs Spring Boot 4.0 or 4.1, but the class path "
                    + "holds an older Spring Boot (no " + BOOT_4_CLASS + "). Upgrade the application to Spring Boot 4, "
                    + "or use pool-core on its own and define the Pool bean yourself.");
        }
    }
}
