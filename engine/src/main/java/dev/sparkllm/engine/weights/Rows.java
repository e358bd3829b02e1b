package dev.sparkllm.engine.weights;

/** Row bookkeeping shared by the tensor classes, which all store rows contiguously in one primitive array. */
final class Rows {
    private Rows() { }

    /**
     * Copies whole rows of {@code src} (any primitive array, {@code rowLen} elements per row) into a new array in
     * the order {@code perm}; checks that {@code perm} really is a permutation so a wrong call cannot drop rows.
     */
    static <A> A permute(String name, A src, A dst, int rows, int rowLen, int[] perm) {
        if (perm.length != rows) {
            throw new IllegalArgumentException(name + ": permutation of " + perm.length + " rows for " + rows + " rows");
        }
        boolean[] seen = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            int from = perm[r];
            if (from < 0 || from >= rows || seen[from]) {
                throw new IllegalArgumentException(name + ": not a permutation (entry " + r + " = " + from + ")");
            }
            seen[from] = true;
            System.arraycopy(src, from * rowLen, dst, r * rowLen, rowLen);
        }
        return dst;
    }

    /**
     * Index of element (row, col) of a {@code rows x cols} matrix laid out in k-major panels of {@code width} rows:
     * for every column, a panel's {@code width} values side by side. Width 1 is plain row-major order.
     */
    static int panelIndex(int width, int cols, int row, int col) {
        return ((row / width) * cols + col) * width + row % width;
    }

    static void checkLength(String name, long have, int rows, long perRow) {
        if (have != rows * perRow) {
            throw new IllegalArgumentException(name + ": " + have + " storage elements, expected " + rows + " rows x " + perRow);
        }
    }
}
