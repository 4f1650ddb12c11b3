package io.noisepool;

/**
 * Points inside the pool where a test can force an interleaving that a race would otherwise hit
 * only by chance: a test passes its own implementation to {@link ConnPool}'s package-private
 * constructor and blocks or acts at a point. In production only {@link #NONE} is loaded, so each
 * call compiles to nothing.
 */
interface Seams {

    /** No seam does anything. */
    Seams NONE = new Seams() {};

    /** A dialer returned a ready connection that is not yet pooled. */
    default void dialed(Conn conn) {}

    /** The head of an address's queue found no room under maxTotal and no idle connection elsewhere to evict; no lock held. */
    default void noRoom(String address) {}

    /** A return published its entry IDLE; nothing else of the return has happened yet. */
    default void released(Entry entry) {}
}
