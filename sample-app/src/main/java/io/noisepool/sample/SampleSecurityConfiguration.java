package io.noisepool.sample;

import io.noisepool.autoconfigure.endpoint.NoisePoolEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what: the Actuator API needs HTTP Basic credentials, except health, which stays
 * open for probes; {@code DELETE /actuator/noisepool/{pool}} needs the {@code ADMIN} role. The
 * demo's own API ({@code POST /echo}, {@code GET /peers/stats}) stays open to anyone. The two
 * accounts come from {@link SampleSecurityProperties}; a one-line WARN at start-up says when one
 * still has its demo password.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SampleSecurityProperties.class)
class SampleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SampleSecurityConfiguration.class);

    /** Spring Security's marker of an already encoded password: {@code {bcrypt}...}, {@code {noop}...}. */
    private static final Pattern ENCODED = Pattern.compile("^\\{[^{}]+}.*", Pattern.DOTALL);

    private static final String USER_ROLE = "USER";
    private static final String ADMIN_ROLE = "ADMIN";

    @Bean
    @Order(1)
    SecurityFilterChain actuatorSecurity(HttpSecurity http) throws Exception {
        RequestMatcher evict = EndpointRequest.to(NoisePoolEndpoint.class).withHttpMethod(HttpMethod.DELETE);
        http.securityMatcher(EndpointRequest.toAnyEndpoint())
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(EndpointRequest.to(HealthEndpoint.class)).permitAll()
                        .requestMatchers(evict).hasRole(ADMIN_ROLE)
                        .anyRequest().authenticated())
                .httpBasic(Customizer.withDefaults())
                // Credentials come with every request; a session would only be state to steal.
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // CSRF tokens guard state-changing requests that a browser sends with ambient
                // credentials. The one such request here is the admin's DELETE, sent by curl or
                // a script with Basic credentials and no token to fetch first. A forged page
                // cannot send it: HTML forms only GET and POST, and a cross-origin DELETE needs a
                // CORS pre-flight that this application never grants. Every other method keeps
                // the check.
                .csrf(csrf -> csrf.ignoringRequestMatchers(evict));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain applicationSecurity(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // The demo API is open and authenticates nobody, so a forged request carries no
                // credentials a token could protect; a token would only break curl -X POST.
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    InMemoryUserDetailsManager actuatorUsers(SampleSecurityProperties properties) {
        SampleSecurityProperties.Account user = properties.getUser();
        SampleSecurityProperties.Account admin = properties.getAdmin();
        check("sample.security.user", user);
        check("sample.security.admin", admin);
        if (user.getName().equals(admin.getName())) {
            throw new InvalidConfigurationPropertyValueException("sample.security.admin.name", admin.getName(),
                    "The admin account needs a name of its own; sample.security.user.name is the same.");
        }
        warnOfDemoPasswords(user, admin);
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new InMemoryUserDetailsManager(account(user, encoder, USER_ROLE),
                account(admin, encoder, USER_ROLE, ADMIN_ROLE));
    }

    private static void check(String prefix, SampleSecurityProperties.Account account) {
        if (account.getName() == null || account.getName().isBlank()) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".name", account.getName(),
                    "Give the account a name.");
        }
        if (account.getPassword() == null || account.getPassword().isBlank()) {
            // The value is a secret: the failure names the property, never the value.
            throw new InvalidConfigurationPropertyValueException(prefix + ".password", "******",
                    "Give the account a password.");
        }
    }

    // One line, naming the properties to set; never the passwords themselves.
    private static void warnOfDemoPasswords(SampleSecurityProperties.Account user,
            SampleSecurityProperties.Account admin) {
        List<String> defaults = new ArrayList<>();
        if (user.usesDemoPassword()) {
            defaults.add("sample.security.user.password");
        }
        if (admin.usesDemoPassword()) {
            defaults.add("sample.security.admin.password");
        }
        if (!defaults.isEmpty()) {
            log.warn("Actuator accounts use the README's demo passwords, fit for a local run only: set {} before "
                    + "anyone else can reach this application", String.join(" and ", defaults));
        }
    }

    private static UserDetails account(SampleSecurityProperties.Account account, PasswordEncoder encoder,
            String... roles) {
        String password = account.getPassword();
        return User.withUsername(account.getName())
                .password(ENCODED.matcher(password).matches() ? password : encoder.encode(password))
                .roles(roles)
                .build();
    }
}
