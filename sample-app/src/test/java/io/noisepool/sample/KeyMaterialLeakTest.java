package io.noisepool.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import io.noisepool.sample.noise.NoiseEchoPeer;
import io.noisepool.sample.noise.NoiseKeyPair;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole run of the sample, start to close, with the sample's own logging at DEBUG: nothing it
 * logs or answers holds a static private key (the embedded peer's, the client's, or a foreign
 * peer's whose public key is logged as accepted), in hex or base64, nor an Actuator password.
 * The keys are configured, so the test knows their bytes.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyMaterialLeakTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void fullRunNeverLogsOrAnswersPrivateKeysOrPasswords(CapturedOutput output) throws Exception {
        byte[] peerKey = randomKey();
        byte[] clientKey = randomKey();
        byte[] foreignKey = randomKey();
        SampleSecurityProperties.Account demoUser = new SampleSecurityProperties().getUser();
        SampleSecurityProperties.Account demoAdmin = new SampleSecurityProperties().getAdmin();
        List<String> answers = new ArrayList<>();

        NoiseKeyPair peerPair = NoiseKeyPair.fromPrivateKeyHex(HEX.formatHex(peerKey));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(SampleApplication.class).run(
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.io.noisepool=DEBUG",
                "--sample.peer.private-key=" + HEX.formatHex(peerKey),
                "--sample.client.private-key=" + HEX.withUpperCase().formatHex(clientKey));
        try (NoiseEchoPeer foreign = NoiseEchoPeer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                NoiseKeyPair.fromPrivateKeyHex(HEX.formatHex(foreignKey)), Duration.ofSeconds(60))) {
            SampleHttp anonymous = new SampleHttp(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
            for (String query : List.of("", "", "?peer=127.0.0.1:" + foreign.address().getPort())) {
                HttpResponse<String> echo = anonymous.postEcho(query, "secret-free".getBytes(StandardCharsets.UTF_8));
                assertThat(echo.statusCode()).isEqualTo(200);
                answers.add(echo.body());
            }
            answers.add(anonymous.get("/peers/stats").body());
            answers.add(anonymous.get("/actuator/health").body());
            answers.add(anonymous.as(demoUser).get("/actuator/noisepool").body());
            answers.add(anonymous.as(demoUser).get("/actuator/prometheus").body());
            String unmasked = anonymous.as(demoAdmin).get("/actuator/noisepool").body();
            // Two warmed up to the embedded peer at start-up, one dialed to the foreign peer.
            assertThat(JsonPath.<List<String>>read(unmasked, "$.pools.noisePool.connections[*].address"))
                    .hasSize(3).doesNotContain("******");
            answers.add(unmasked);
        } finally {
            context.close();
        }

        String logs = output.getAll();
        // The capture saw the run: the embedded peer announces its public key, and the demo
        // passwords are reported, once, by the properties that hold them.
        assertThat(logs).contains(peerPair.publicKeyHex());
        assertThat(logs.split("Actuator accounts use the README's demo passwords", -1)).hasSize(2);
        assertThat(logs).contains("sample.security.user.password and sample.security.admin.password");
        for (byte[] key : List.of(peerKey, clientKey, foreignKey)) {
            for (String encoding : encodings(key)) {
                assertThat(logs).doesNotContain(encoding);
                assertThat(answers).noneMatch(answer -> answer.contains(encoding));
            }
        }
        assertThat(logs).doesNotContain(demoUser.getPassword(), demoAdmin.getPassword());
        assertThat(logs).doesNotContain(" ERROR ", "\tat ");
    }

    private static byte[] randomKey() {
        byte[] key = new byte[NoiseKeyPair.KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    private static List<String> encodings(byte[] key) {
        String hex = HEX.formatHex(key);
        return List.of(hex, hex.toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(key),
                Base64.getEncoder().withoutPadding().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key));
    }
}
