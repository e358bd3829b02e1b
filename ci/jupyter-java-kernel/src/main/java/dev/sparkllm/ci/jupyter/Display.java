package dev.sparkllm.ci.jupyter;

import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * What a cell calls to show a rich output, imported statically into every session so that {@code display(image)}
 * works here as it does in JJava: a {@code java.awt.image.RenderedImage} becomes an {@code image/png} output.
 */
public final class Display {
    private Display() { }

    public static void display(Object o) {
        JShellKernel kernel = JShellKernel.instance();
        if (kernel == null) throw new IllegalStateException("display() needs a running kernel");
        DisplayData data = kernel.getRenderer().render(o);
        kernel.display(data);
    }
}
