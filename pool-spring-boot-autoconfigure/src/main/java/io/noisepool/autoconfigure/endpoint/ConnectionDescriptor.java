package io.noisepool.autoconfigure.endpoint;

import io.noisepool.ConnSnapshot;
import java.time.Duration;
import java.time.Instant;

/**
 * One pooled connection as the {@code noisepool} endpoint shows it; instants and durations are
 * ISO-8601 strings.
 *
 * @param address the pool key, or {@value #MASK} when addresses are hidden
 * @param createdAt when it entered the pool
 * @param lastUsedAt when it was last returned
 * @param inUse whether it is checked out
 * @param age how long it has been in the pool
 * @param idle how long it has been idle since its last return; {@code PT0S} while checked out
 * @param checkedOutFor how long it has been checked out, or {@code null} while idle or when the pool
 *     keeps no checkout time; as precise as {@link ConnSnapshot#checkedOutFor()}
 */
public record ConnectionDescriptor(String address, String createdAt, String lastUsedAt, boolean inUse, String age,
        String idle, String checkedOutFor) {

    /** What a hidden address reads as, as Spring Boot masks sanitized values. */
    public static final String MASK = "******";

    /**
     * @param snapshot the connection's metadata, not {@code null}
     * @param now the wall-clock instant the durations are measured to
     * @param showAddress whether to show the address or {@value #MASK}
     * @return its description
     */
    public static ConnectionDescriptor of(ConnSnapshot snapshot, Instant now, boolean showAddress) {
        Duration idle = snapshot.inUse() ? Duration.ZERO : since(snapshot.lastUsedAt(), now);
        return new ConnectionDescriptor(showAddress ? snapshot.address() : MASK, snapshot.createdAt().toString(),
                snapshot.lastUsedAt().toString(), snapshot.inUse(), since(snapshot.createdAt(), now).toString(),
                idle.toString(), (snapshot.checkedOutFor() != null) ? snapshot.checkedOutFor().toString() : null);
    }

    // The wall clock may step back between the snapshot and now; a negative age would only confuse.
    private static Duration since(Instant then, Instant now) {
        Duration elapsed = Duration.between(then, now);
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }
}
