package clel.data.format;

import clel.data.ImagePixelLimit;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A user's own images, read for a trained model: every PNG/JPEG of a folder (or a .zip of one) at any depth, or a
 * list of image files. The files are untrusted and handled as {@link ImageFolderReader} handles a data set's: each
 * file is refused above {@link ImageEntry#MAX_ENCODED_BYTES} bytes before it is read, each image above
 * {@link ImagePixelLimit#DEFAULT_MAX_PIXELS} pixels from its header before it is decoded, a folder above
 * {@code maxImages} images before any is decoded; an undecodable file is an error naming it. Nothing is written
 * anywhere. Images are brought to C x S x S by resizing the shorter side and center-cropping.
 *
 * <p>Labels: an image directly in the folder has the class named after the folder itself; an image in a
 * sub-folder has the class of that sub-folder's path (the ImageFolder layout); class names are sorted.
 */
public final class ExampleImages {
    private ExampleImages() {
    }

    /**
     * @param folder    a folder or .zip of images
     * @param channels  C, 1 or 3
     * @param size      S, the model's image side
     * @param maxImages the most images read; a folder with more is an error
     * @throws IOException one line naming the folder or the bad file
     */
    public static ImageSet readFolder(Path folder, int channels, int size, int maxImages) throws IOException {
        if (!Files.isDirectory(folder) && !Files.isRegularFile(folder)) {
            throw new DataFormatException(folder + ": no such folder or .zip of images");
        }
        try (FolderListing listing = FolderListing.open(folder)) {
            List<String> files = listing.files.stream().filter(ImageFolderReader::isImage).toList();
            if (files.isEmpty()) {
                throw new DataFormatException(folder + ": holds no .png/.jpg/.jpeg images");
            }
            if (files.size() > maxImages) {
                throw new DataFormatException(folder + ": holds " + files.size() + " images, more than the " + maxImages
                        + " read from one folder");
            }
            String own = folder.getFileName() == null ? folder.toString() : folder.getFileName().toString();
            List<String> classOf = files.stream().map(f -> {
                String p = FolderListing.parent(f);
                return p.isEmpty() ? own : p;
            }).toList();
            List<ImageEntry> entries = files.stream().map(listing::entry).toList();
            return decode(folder.toString(), entries, classOf, channels, size);
        }
    }

    /**
     * @param files image files (PNG, JPEG), each read as one image of the class named after the file
     * @throws IOException one line naming a missing, too large or undecodable file
     */
    public static ImageSet readFiles(List<Path> files, int channels, int size) throws IOException {
        List<ImageEntry> entries = new ArrayList<>();
        List<String> classOf = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DataFormatException(f + ": no such image file");
            }
            entries.add(ImageEntry.ofFile(f));
            classOf.add(f.getFileName().toString());
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no image files given");
        }
        return decode(String.join(", ", files.stream().map(Path::toString).toList()), entries, classOf, channels, size);
    }

    private static ImageSet decode(String name, List<ImageEntry> entries, List<String> classOf, int channels, int size)
            throws IOException {
        ImageShaper shaper = new ImageShaper(channels, size, size, CropMode.RESIZE_SHORTER_CENTER_CROP, 0,
                ImagePixelLimit.DEFAULT_MAX_PIXELS);
        ParallelDecoder.Result decoded = ParallelDecoder.decode(entries, shaper,
                Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())), false);
        List<String> classes = new ArrayList<>(new TreeSet<>(classOf));
        int[] labels = classOf.stream().mapToInt(classes::indexOf).toArray();
        ChannelStats stats = ChannelStats.of(decoded.pixels, channels, size, size);
        return new ImageSet(name, channels, size, size, decoded.pixels, labels, classes, List.of(), new byte[0],
                stats.mean(), stats.std());
    }
}
