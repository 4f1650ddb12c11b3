package io.noisepool;

/**
 * An address's counts, copied under its host's lock so that a capacity error can be worded after
 * the lock is released.
 */
record Capacity(String address, int inUse, int idle, int waiting, int dialing, int maxSize, int slotsUsed,
        int maxTotal, Throwable lastDialFailure) {}
