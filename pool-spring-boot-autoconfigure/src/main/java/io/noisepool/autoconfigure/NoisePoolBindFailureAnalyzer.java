package io.noisepool.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.ConversionFailedException;

/**
 * Explains a {@code noise.pool.*} (or {@code management.endpoint.noisepool.*}) value that cannot
 * be converted at all ({@code max-age: banana}, {@code max-size: ten}): which property, which
 * value, where it came from, Boot's reason, and what form the value takes. That is the only
 * failure it claims: every other bind failure (an unbound indexed value, a validation error,
 * another property) is left to Boot's own analyzers, which explain those better. Values that
 * convert but are out of range are rejected by the properties classes and explained by Boot's
 * analyzer for {@code InvalidConfigurationPropertyValueException}. Ordered first so it wins over
 * Boot's generic bind analyzer for the failures it claims.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class NoisePoolBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> {

    private static final String[] OUR_PREFIXES = {"noise.pool.", "management.endpoint.noisepool."};

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
        String name = cause.getName().toString();
        ConversionFailedException conversionFailure = findCause(cause, ConversionFailedException.class);
        if (conversionFailure == null || Arrays.stream(OUR_PREFIXES).noneMatch(name::startsWith)) {
            return null;
        }
        ConfigurationProperty property = cause.getProperty();
        Object value = (property != null) ? property.getValue() : null;
        Origin origin = Origin.from(property);
        String description = "Invalid value '" + value + "' for configuration property '" + name + "'"
                + ((origin != null) ? " (originating from '" + origin + "')" : "") + "."
                + System.lineSeparator() + System.lineSeparator() + "    Reason: " + reason(conversionFailure);
        String action = "Set " + name + " to " + expectedForm(cause.getTarget().getType().resolve(Object.class)) + ".";
        return new FailureAnalysis(description, action, cause);
    }

    private static String reason(ConversionFailedException failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "failed to convert " + failure.getSourceType() + " to " + failure.getTargetType()
                + ((root != failure) ? " (caused by " + root + ")" : "");
    }

    private static String expectedForm(Class<?> type) {
        if (type == Duration.class) {
            return "a duration such as 500ms, 30s or 5m (a bare number means milliseconds)";
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number such as 10";
        }
        if (type == double.class || type == Double.class) {
            return "a number such as 0.1";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .collect(Collectors.joining(", "));
        }
        return "a valid " + type.getSimpleName();
    }
}
