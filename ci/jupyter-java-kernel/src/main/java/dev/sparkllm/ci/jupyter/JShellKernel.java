package dev.sparkllm.ci.jupyter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;

/**
 * A Jupyter kernel for Java cells, enough to execute the project's Java notebook headless in CI. The Jupyter protocol
 * comes from jjava-jupyter's {@link BaseKernel}; cells run in this JVM through JShell's "local" execution engine, so
 * they see the kernel's own classpath (Spark and the connector) and JVM flags. {@code display(Object)} renders like
 * JJava's, so the same notebook runs in JJava for users.
 *
 * <p>Started by Jupyter as {@code java <flags> -cp <classpath> dev.sparkllm.ci.jupyter.JShellKernel <connection file>}.
 */
public final class JShellKernel extends BaseKernel {
    private static volatile JShellKernel instance;
    private final JShellCells cells = new JShellCells();

    private JShellKernel(Builder b, LanguageInfo language) {
        super(b.name(), b.version(), language, List.of(), null, b.io(), b.comms(), b.renderer(), b.parser(),
            b.magics(), false, b.styler());
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: JShellKernel <connection file>");
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        JShellKernel kernel = new Builder().build();
        instance = kernel;
        kernel.cells.start();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        connection.waitUntilClose();
    }

    /** The running kernel, for {@link Display}; null outside a kernel JVM. */
    static JShellKernel instance() {
        return instance;
    }

    @Override
    public Object evalRaw(String code) {
        String value = cells.eval(code);
        return value == null ? null : new PlainText(value);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;   // no introspection: CI only executes cells
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        return null;   // no completion: CI only executes cells
    }

    @Override
    public String isComplete(String code) {
        return cells.isComplete(code) ? IS_COMPLETE_YES : IS_COMPLETE_MAYBE;
    }

    @Override
    public void onShutdown(boolean restart) {
        cells.close();
    }

    /** An expression's value as JShell prints it; rendered as text/plain (a bare String would be quoted). */
    record PlainText(String text) {
        @Override
        public String toString() {
            return text;
        }
    }

    private static final class Builder extends BaseKernelBuilder<Builder, JShellKernel> {
        @Override
        public JShellKernel build() {
            LanguageInfo java = new LanguageInfo.Builder("Java").version(Runtime.version().toString())
                .mimetype("text/x-java-source").fileExtension(".jshell").pygments("java").codemirror("java").build();
            return new JShellKernel(this, java);
        }

        String name() { return "sparkllm-jshell"; }

        String version() { return "1"; }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() { return buildJupyterIO(StandardCharsets.UTF_8); }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() { return buildCommManager(); }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() { return buildErrorStyler(); }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() { return magicsRegistry; }

        MagicParser parser() { return new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()); }

        Renderer renderer() {
            Renderer r = buildRenderer();
            Image.registerAll(r);   // BufferedImage -> image/png, as JJava shows images
            return r;
        }
    }
}
