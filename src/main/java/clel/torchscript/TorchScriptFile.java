package clel.torchscript;

import clel.io.UserPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TorchScript file inspected before anything in it runs: its archive is read within bounds
 * ({@link TorchScriptArchive}), its code checked for calls outside the tensors ({@link TorchScriptCode}), and its module
 * tree read ({@code data.pkl}) for the root module's class, the parameters of its {@code forward} and the shape of every
 * tensor. Loaders compare these with the network they expect (the FID Inception network, a frozen MAE encoder) and
 * refuse another file in one line, before libtorch loads it.
 *
 * @param file              the file
 * @param rootClass         the root module's TorchScript class, e.g. "__torch__.StandIn"
 * @param forwardParameters names of the root's forward parameters after self, empty when it has no forward
 * @param tensors           every tensor of the module tree by attribute path ("output.weight") and its sizes
 */
public record TorchScriptFile(Path file, String rootClass, List<String> forwardParameters, Map<String, long[]> tensors) {

    /**
     * Inspects {@code file}.
     *
     * @param what what the file should be, for the messages ("the FID Inception network")
     * @throws IllegalArgumentException one line naming the file: missing, not a TorchScript archive, beyond the
     *                                  reading bounds, or with forbidden code
     */
    public static TorchScriptFile inspect(Path file, String what) {
        UserPaths.requireRegularFile(file, what);
        if (!startsLikeZip(file)) {
            throw TorchScriptArchive.refuse(file, "not a TorchScript archive (torch.jit.save writes a zip; expected "
                    + what + ")");
        }
        TorchScriptArchive archive = TorchScriptArchive.read(file);
        TorchScriptCode.requireNoForbiddenCalls(file, archive.code());
        ModulePickle.Modules modules;
        try {
            modules = ModulePickle.read(archive.dataPickle());
        } catch (IllegalArgumentException e) {
            throw TorchScriptArchive.refuse(file, "not a TorchScript module clel can read: " + e.getMessage());
        }
        String module = modules.root().module();
        String source = archive.code().entrySet().stream()
                .filter(e -> e.getKey().endsWith("/code/" + module.replace('.', '/') + ".py"))
                .map(Map.Entry::getValue).findFirst().orElse("");
        List<String> forward = TorchScriptCode.forwardParameters(source, modules.root().name()).orElse(List.of());
        return new TorchScriptFile(file, modules.root().qualifiedName(), List.copyOf(forward), modules.tensors());
    }

    /** The sizes of the tensor at {@code path}, if the module tree has one there. */
    public Optional<long[]> tensor(String path) {
        return Optional.ofNullable(tensors.get(path));
    }

    /** Whether some tensor lies under module {@code prefix} ("layers" holds "layers.conv.weight"). */
    public boolean hasModule(String prefix) {
        return tensors.keySet().stream().anyMatch(k -> k.startsWith(prefix + "."));
    }

    private static boolean startsLikeZip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
