package io.noisepool.autoconfigure;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** A user's application in miniature: everything on the test class path auto-configured, no code. */
@SpringBootConfiguration
@EnableAutoConfiguration
class WebTestApplication {}
