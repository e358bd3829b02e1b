package dev.sparkllm.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/** The local disk under the scheme {@code copytest:}, which ModelLocator treats as remote (see core-site.xml). */
public class CopyTestFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
        return URI.create("copytest:///");
    }

    @Override
    public String getScheme() {
        return "copytest";
    }
}
