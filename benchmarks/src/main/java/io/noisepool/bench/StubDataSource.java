package io.noisepool.bench;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A JDBC {@link DataSource} whose connections do nothing ({@link StubJdbcConnection}): what
 * HikariCP's pool wraps in the benchmarks, so it is measured on the same fake connections as the
 * other contenders. Counts the connections it opened. Safe from any thread.
 */
final class StubDataSource implements DataSource {

    private final AtomicInteger opened = new AtomicInteger();

    /** @return how many connections were opened */
    int opened() {
        return opened.get();
    }

    @Override
    public Connection getConnection() {
        opened.incrementAndGet();
        return new StubJdbcConnection();
    }

    @Override
    public Connection getConnection(String username, String password) {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
