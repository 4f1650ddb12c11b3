package io.noisepool.bench;

import io.noisepool.Dialer;

/** Dialers for the benchmarks that measure bookkeeping, not connecting. */
final class FakeDialers {

    /** Returns a new {@link FakeConn} at once. */
    static final Dialer INSTANT = timeout -> new FakeConn();

    private FakeDialers() {}
}
