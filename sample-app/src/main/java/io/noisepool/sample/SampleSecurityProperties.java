package io.noisepool.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two Actuator accounts of the sample, bound from {@code sample.security.*}: a {@code user}
 * who may read the Actuator API and an {@code admin} who may also evict connections and see peer
 * addresses. Both have demo defaults that suit a local run only; {@link Account#usesDemoPassword()}
 * tells when one is still in use. Mutable for binding only.
 */
@ConfigurationProperties("sample.security")
public class SampleSecurityProperties {

    /** The account that may read the Actuator API (role USER). */
    private final Account user = new Account("user", "user-demo");

    /** The account that may also evict connections and see peer addresses (roles USER and ADMIN). */
    private final Account admin = new Account("admin", "admin-demo");

    /** @return the reading account */
    public Account getUser() {
        return this.user;
    }

    /** @return the administering account */
    public Account getAdmin() {
        return this.admin;
    }

    /** One account: a name and its password, in clear or already encoded ({@code {bcrypt}...}). */
    public static class Account {

        /** The account's user name. */
        private String name;

        /**
         * The account's password: in clear (hashed at start-up), or already encoded with a
         * Spring Security {@code {id}} prefix, such as {@code {bcrypt}$2a$10$...}.
         */
        private String password;

        private final String demoPassword;

        Account(String name, String demoPassword) {
            this.name = name;
            this.password = demoPassword;
            this.demoPassword = demoPassword;
        }

        /** @return the user name */
        public String getName() {
            return this.name;
        }

        /** @param name the user name */
        public void setName(String name) {
            this.name = name;
        }

        /** @return the password, in clear or encoded */
        public String getPassword() {
            return this.password;
        }

        /** @param password the password, in clear or encoded */
        public void setPassword(String password) {
            this.password = password;
        }

        /** @return whether the password is still the documented demo default */
        public boolean usesDemoPassword() {
            return this.demoPassword.equals(this.password);
        }
    }
}
