import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The hub's process seen from outside, for the benchmarks: its CPU time (from /proc), its JIT's
 * work and garbage collection pauses (from jstat) and a warm-up that lasts until the JIT is nearly
 * idle. Without a process id, or where /proc or jstat cannot be read, the figures are 0 and the
 * warm-up lasts 3 windows.
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
        return jstat("-compiler").getOrDefault("Time", 0.0);
    }

    /** The hub's garbage collection pauses so far (young and full), and their seconds. */
    double[] gcPauses() {
        Map<String, Double> gc = jstat("-gc");
        return new double[] {
            gc.getOrDefault("YGC", 0.0) + gc.getOrDefault("FGC", 0.0),
            gc.getOrDefault("YGCT", 0.0) + gc.getOrDefault("FGCT", 0.0)
        };
    }

    /** The numeric figures of {@code jstat OPTION <pid>} by column; none when it cannot be read. */
    private Map<String, Double> jstat(String option) {
        Map<String, Double> figures = new HashMap<>();
        if (pid == null) {
            return figures;
        }
        try {
            String jstat = Path.of(System.getProperty("java.home"), "bin", "jstat").toString();
            Process p = new ProcessBuilder(jstat, option, pid).redirectErrorStream(true).start();
            String[] lines = new String(p.getInputStream().readAllBytes()).trim().split("\n");
            String[] names = lines[0].trim().split("\\s+");
            String[] values = lines[lines.length - 1].trim().split("\\s+");
            for (int i = 0; i < Math.min(names.length, values.length); i++) {
                try {
                    figures.put(names[i], Double.parseDouble(values[i]));
                } catch (NumberFormatException notANumber) {
                    // a text column (a failed compile's method, say)
                }
            }
        } catch (Exception e) {
            // no figures
        }
        return figures;
    }
}
