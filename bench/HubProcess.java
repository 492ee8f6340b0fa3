import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The hub's process seen from outside, for the benchmarks: its CPU time (from /proc), its JIT's
 * work (from jstat) and a warm-up that lasts until the JIT is nearly idle. Without a process id,
 * or where /proc or jstat cannot be read, both figures are 0 and the warm-up lasts 3 windows.
 */
final class HubProcess {

    /** Warm-up ends once the JIT compiled for less than this share of a window. */
    static final double JIT_IDLE = 0.05;

    /** One window of warm-up load. */
    interface Window {
        void run() throws Exception;
    }

    private final String pid;

    /** {@code pid} may be null or empty: no process to read. */
    HubProcess(String pid) {
        this.pid = pid == null || pid.isBlank() ? null : pid;
    }

    /**
     * Runs {@code window} until the hub's JIT is nearly idle: at least 3 times, and no more once
     * {@code maxMinutes} have passed. Under load on 2 cores the JIT keeps a core busy for minutes
     * after the start; until then its threads share the cores and count in the hub's CPU time.
     */
    void warmUp(int maxMinutes, Window window) throws Exception {
        long end = System.nanoTime() + maxMinutes * 60_000_000_000L;
        double jit = jitSeconds();
        for (int i = 1; i <= 3 || System.nanoTime() < end; i++) {
            long start = System.nanoTime();
            window.run();
            double now = jitSeconds();
            double busy = (now - jit) / ((System.nanoTime() - start) / 1e9);
            System.out.printf("warm-up %d: JIT busy %.0f%% of the time%n", i, 100 * busy);
            if (i >= 3 && busy < JIT_IDLE) {
                return;
            }
            jit = now;
        }
    }

    /** The hub's user + system CPU seconds so far. */
    double cpuSeconds() {
        if (pid == null) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the fields after the command name in parentheses; utime and stime are 14 and 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // USER_HZ
        } catch (Exception e) {
            return 0;
        }
    }

    /** Seconds the hub's JIT compilers have worked so far. */
    double jitSeconds() {
        if (pid == null) {
            return 0;
        }
        try {
            String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
            Process p = new ProcessBuilder(jstat, "-compiler", pid).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            // columns: Compiled Failed Invalid Time FailedType FailedMethod
            return Double.parseDouble(lines[lines.length - 1].trim().split("\\s+")[3]);
        } catch (Exception e) {
            return 0;
        }
    }
}
