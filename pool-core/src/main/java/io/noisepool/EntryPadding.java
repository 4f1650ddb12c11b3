package io.noisepool;

/**
 * Padding before the fields of an {@link Entry}: 48 bytes that no checkout or return touches,
 * declared in a superclass because the JVM lays out a superclass's fields before its subclasses'.
 * With the object header they put an entry's fields at least 56 bytes after its start, so that the
 * first cache line they touch begins inside the entry at any 8-byte alignment; {@link Entry} pads
 * after them. The two {@code int}s fill the 4-byte gaps the JVM would otherwise fill with one of
 * the entry's own fields: after a 12-byte header, or before the fields with an 8-byte one
 * ({@code -XX:+UseCompactObjectHeaders}).
 */
abstract class EntryPadding {

    @SuppressWarnings("unused")
    private int gapAfterHeader, gapBeforeFields;

    @SuppressWarnings("unused")
    private long padding1, padding2, padding3, padding4, padding5;
}
