package io.noisepool;

import java.util.Arrays;

/**
 * The sequential specification {@link LincheckTest} checks the pool against: one address, a
 * per-address limit, connections counted but not told apart. Each method mirrors the operation of
 * the same name in {@link LincheckTest} and returns what the pool must return if that operation
 * ran alone at its linearization point.
 */
public final class LincheckPoolModel {

    private final int[] held = new int[LincheckTest.MAX_THREADS];
    private int idle;
    private int total;

    public boolean get(int thread) {
        if (idle == 0) {
            return false;
        }
        idle--;
        held[thread]++;
        return true;
    }

    public String getOrDial(int thread) {
        if (get(thread)) {
            return "HIT";
        }
        if (total == LincheckTest.MAX_SIZE) {
            return PoolErrorCode.POOL_FULL.name();
        }
        total++;
        held[thread]++;
        return "DIALED";
    }

    public String put() {
        if (total == LincheckTest.MAX_SIZE) {
            return PoolErrorCode.POOL_FULL.name();
        }
        total++;
        idle++;
        return "OK";
    }

    public boolean closeLease(int thread) {
        if (held[thread] == 0) {
            return false;
        }
        held[thread]--;
        idle++;
        return true;
    }

    public String remove(int thread) {
        if (held[thread] == 0) {
            return PoolErrorCode.CONNECTION_NOT_FOUND.name();
        }
        held[thread]--;
        total--;
        return "OK";
    }

    public boolean discard(int thread) {
        if (held[thread] == 0) {
            return false;
        }
        held[thread]--;
        total--;
        return true;
    }

    // Lincheck caches model states by equality while it searches for a linearization.
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LincheckPoolModel)) {
            return false;
        }
        LincheckPoolModel other = (LincheckPoolModel) o;
        return other.idle == idle && other.total == total && Arrays.equals(other.held, held);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * idle + total) + Arrays.hashCode(held);
    }
}
