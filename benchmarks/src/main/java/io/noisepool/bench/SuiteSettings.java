package io.noisepool.bench;

import java.util.Locale;

/**
 * How long each benchmark of a suite runs. Iterations are 1 s or 2 s of measurement; single-shot
 * benchmarks (eviction) get more, shorter iterations instead.
 */
enum SuiteSettings {
    /** A few seconds per benchmark: checks that everything runs, numbers are rough. */
    SMOKE(1, 1, 1, 1, 1, 2),
    /** A few minutes on 2 cores; error bars are wide but ratios are clear. */
    QUICK(1, 2, 4, 1, 5, 10),
    /**
     * About 45 minutes on 2 cores: 3 forks (fork-to-fork JIT variation is the larger error on a
     * VM), each with 3 warm-up and 5 measured iterations of 2 s, so 15 measured samples a
     * benchmark; the hit path warms up within its first iteration.
     */
    FULL(3, 3, 5, 2, 10, 30);

    final int forks;
    final int warmupIterations;
    final int iterations;
    final int iterationSeconds;
    final int singleShotWarmups;
    final int singleShotIterations;

    SuiteSettings(int forks, int warmupIterations, int iterations, int iterationSeconds,
            int singleShotWarmups, int singleShotIterations) {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.iterations = iterations;
        this.iterationSeconds = iterationSeconds;
        this.singleShotWarmups = singleShotWarmups;
        this.singleShotIterations = singleShotIterations;
    }

    /**
     * @return the name used on the command line
     */
    String command() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the settings in words, for the report
     */
    String describe() {
        return command() + " (" + forks + (forks == 1 ? " fork" : " forks") + ", " + warmupIterations + " × "
                + iterationSeconds + " s warm-up, " + iterations + " × " + iterationSeconds
                + " s measurement; single-shot: " + singleShotWarmups + " warm-up, " + singleShotIterations
                + " measured)";
    }
}
