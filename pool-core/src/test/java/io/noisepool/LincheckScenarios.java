package io.noisepool;

import java.lang.reflect.Method;
import java.util.List;
import kotlin.Unit;
import kotlin.jvm.functions.Function1;
import kotlin.reflect.jvm.ReflectJvmMapping;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.CustomScenarioDSLKt;
import org.jetbrains.lincheck.datastructures.DSLThreadScenario;

/**
 * Written Lincheck scenarios for one test class, its operations named as text: {@code name}, or
 * {@code name:arg:arg...} with int arguments in declaration order.
 */
final class LincheckScenarios {

    private final Class<?> operations;

    LincheckScenarios(Class<?> operations) {
        this.operations = operations;
    }

    static List<String> ops(String... operations) {
        return List.of(operations);
    }

    /** A scenario: the operations before, then those of each parallel thread. */
    @SafeVarargs
    final ExecutionScenario scenario(List<String> before, List<String>... threads) {
        return CustomScenarioDSLKt.scenario(builder -> {
            builder.initial(actors(before));
            builder.parallel(parallel -> {
                for (List<String> thread : threads) {
                    parallel.thread(actors(thread));
                }
                return Unit.INSTANCE;
            });
            return Unit.INSTANCE;
        });
    }

    private Function1<DSLThreadScenario, Unit> actors(List<String> written) {
        return thread -> {
            for (String operation : written) {
                String[] parts = operation.split(":");
                Class<?>[] types = new Class<?>[parts.length - 1];
                Object[] args = new Object[parts.length - 1];
                for (int i = 1; i < parts.length; i++) {
                    types[i - 1] = int.class;
                    args[i - 1] = Integer.parseInt(parts[i]);
                }
                try {
                    Method method = operations.getMethod(parts[0], types);
                    thread.actor(ReflectJvmMapping.getKotlinFunction(method), args);
                } catch (NoSuchMethodException e) {
                    throw new IllegalArgumentException("No operation " + operation, e);
                }
            }
            return Unit.INSTANCE;
        };
    }
}
