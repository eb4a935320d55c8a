package io.pitstop.steps.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.util.List;

/**
 * How many threads ND4J's native ops may use while one network trains, set for the training and put back
 * after it, since scoring in the same JVM wants its own. Three knobs, as ND4J 1.0.0-M2.1 has them:
 * libnd4j's "master" threads (its own parallel loops), OpenMP's thread count, and OpenBLAS's.
 * ({@code Nd4j.getEnvironment().setMaxThreads} does not lower the count fixed at start.)
 *
 * <p>Why: a minibatch of a small network is a few hundred tiny ops; waking a second OpenMP thread for
 * each costs more than it saves, and on a machine whose cores are busy the spinning threads wait on
 * each other (docs/benchmarks.md, training: DL4J's own loop with {@code OMP_NUM_THREADS=2} against
 * Pitstop's). So below
 * {@link #ONE_THREAD_BELOW} multiply-adds per minibatch in the widest layer, training runs its ops on
 * one thread whatever {@code OMP_NUM_THREADS} says; a spare core still runs the garbage collector, the
 * JIT and ND4J's deallocator. It also makes the weights independent of the thread count, which can
 * otherwise change the order of float sums.
 */
record OpThreads(int threads, int previousMasterThreads, int previousOmpThreads, int previousBlasThreads)
        implements AutoCloseable {

    /**
     * A layer of batch × inputs × outputs multiply-adds below this runs faster on one thread. The
     * demo's widest layer (128 × 20 × 32 ≈ 82 k) is far below; the bound leaves room for networks a
     * few times wider before a second thread is allowed to help.
     */
    static final long ONE_THREAD_BELOW = 1L << 22;

    /** Sets ND4J's op threads for training this network; {@link #close()} restores what was set before. */
    static OpThreads pinFor(NetworkParams params, int inputs, int outputs) {
        var pinned = new OpThreads(threadsFor(params.batchSize(), inputs, params.hidden(), outputs),
                Nd4j.getEnvironment().maxMasterThreads(), NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(),
                Nd4j.factory().blas().getMaxThreads());
        if (pinned.threads() == 1) set(1, 1, 1);
        return pinned;
    }

    /** 1 for a network whose widest layer is small per minibatch, else 0: leave ND4J's own setting. */
    static int threadsFor(int batch, int inputs, List<Integer> hidden, int outputs) {
        long widest = 0;
        int in = inputs;
        for (int units : hidden) {
            widest = Math.max(widest, (long) in * units);
            in = units;
        }
        widest = Math.max(widest, (long) in * outputs);
        return (long) batch * widest < ONE_THREAD_BELOW ? 1 : 0;
    }

    /** The most threads any of ND4J's three knobs allows now. */
    static int current() {
        return Math.max(Nd4j.getEnvironment().maxMasterThreads(), Math.max(
                NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads(), Nd4j.factory().blas().getMaxThreads()));
    }

    /** The threads ND4J's ops run on while training: the pinned 1, or ND4J's own setting. */
    int effective() {
        return threads == 1 ? 1 : Math.max(previousMasterThreads, Math.max(previousOmpThreads, previousBlasThreads));
    }

    @Override
    public void close() {
        if (threads == 1) set(previousMasterThreads, previousOmpThreads, previousBlasThreads);
    }

    private static void set(int master, int omp, int blas) {
        Nd4j.getEnvironment().setMaxMasterThreads(master);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
    }
}
