/** JMH benchmarks of the pool beside its peers; filled by the benchmarks issue. */
package io.noisepool.benchmarks;
