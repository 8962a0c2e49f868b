package clel.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of a new JVM like the running one: the same java binary, JVM options (heap, thread and DJL
 * settings) and class path; the environment (OMP_NUM_THREADS, malloc tuning) is inherited by ProcessBuilder, with
 * {@code environment}'s variables set over it.
 *
 * @param java        the java executable
 * @param options     JVM options
 * @param classPath   the class path
 * @param environment variables set in the new JVM's environment (empty: the inherited one as it is)
 */
record JavaCommand(String java, List<String> options, String classPath, Map<String, String> environment) {

    JavaCommand {
        options = List.copyOf(options);
        environment = Map.copyOf(environment);
    }

    /**
     * This JVM's command. Options that must not be copied into another JVM are left out: a debugger agent (its port
     * is taken), the fatal error log location and the supervision properties (set per child).
     */
    static JavaCommand current() {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> options = new ArrayList<>();
        for (String o : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!o.startsWith("-agentlib:jdwp") && !o.startsWith("-XX:ErrorFile=") && !o.startsWith("-Dclel.supervisor.")
                    && !o.equals("-XX:+ExitOnOutOfMemoryError")) {
                options.add(o);
            }
        }
        return new JavaCommand(java, options, System.getProperty("java.class.path"), Map.of());
    }

    /** The same command with more JVM options (later options override earlier ones). */
    JavaCommand withOptions(List<String> more) {
        List<String> all = new ArrayList<>(options);
        all.addAll(more);
        return new JavaCommand(java, all, classPath, environment);
    }

    /** The same command with more environment variables (replacing inherited ones of the same name). */
    JavaCommand withEnvironment(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(more);
        return new JavaCommand(java, options, classPath, all);
    }

    /** A process builder of {@link #command} with {@link #environment()} set. */
    ProcessBuilder processBuilder(String mainClass, List<String> args) {
        ProcessBuilder pb = new ProcessBuilder(command(mainClass, args));
        pb.environment().putAll(environment);
        return pb;
    }

    /** The full command line: java, options, class path, main class and its arguments. */
    List<String> command(String mainClass, List<String> args) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(options);
        c.add("-cp");
        c.add(classPath);
        c.add(mainClass);
        c.addAll(args);
        return c;
    }
}
