package clel.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataDesc;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.data.ImageSet;
import clel.encoder.EncoderObjective;
import clel.model.BlockState;
import clel.model.ClelNetworks;
import clel.model.NDListState;
import clel.optim.Adam;
import clel.optim.MomentumSgd;
import clel.optim.Optimizer;
import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import clel.run.CheckpointMeta;
import clel.run.Versions;
import clel.sampling.ReplayBuffer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The whole training state of a {@link Trainer} as a {@link Checkpoint} and back, entry by entry
 * ({@link CheckpointEntry}): networks, their EMA copies, both optimizers, the replay buffer, the iteration and the best
 * evaluation so far. Resuming from it continues bit-identically.
 */
final class TrainingCheckpoint {
    /** Where a restored run stands. */
    record Position(long iteration, double bestEvaluation) {
    }

    private final ClelConfig config;
    private final ImageSet data;
    private final ClelNetworks live;
    private final ClelNetworks ema;
    private final EncoderObjective objective;
    private final Adam ebmOptimizer;
    private final MomentumSgd encoderOptimizer;
    private final ReplayBuffer buffer;
    private final NDManager manager;

    TrainingCheckpoint(ClelConfig config, ImageSet data, ClelNetworks live, ClelNetworks ema, EncoderObjective objective,
                       Adam ebmOptimizer, MomentumSgd encoderOptimizer, ReplayBuffer buffer, NDManager manager) {
        this.objective = objective;
        this.config = config;
        this.data = data;
        this.live = live;
        this.ema = ema;
        this.ebmOptimizer = ebmOptimizer;
        this.encoderOptimizer = encoderOptimizer;
        this.buffer = buffer;
        this.manager = manager;
    }

    /** The state at {@code position}; refuses (DivergenceException) to capture NaN weights. */
    Checkpoint capture(Position position) throws IOException {
        for (var block : List.of(live.ebm(), live.encoder())) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                try (NDArray bad = p.getValue().getArray().isNaN(); NDArray any = bad.any()) {
                    if (any.getBoolean()) {
                        throw new DivergenceException("refusing to write a checkpoint: parameter " + p.getKey() + " is NaN");
                    }
                }
            }
        }
        Checkpoint c = new Checkpoint(new LinkedHashMap<>());
        c.put(CheckpointEntry.META, meta(position));
        c.put(CheckpointEntry.CONFIG, ConfigLoader.toYaml(config).getBytes(StandardCharsets.UTF_8));
        c.put(CheckpointEntry.EBM, BlockState.save(live.ebm()));
        c.put(CheckpointEntry.ENCODER, BlockState.save(live.encoder()));
        c.put(CheckpointEntry.EBM_EMA, BlockState.save(ema.ebm()));
        c.put(CheckpointEntry.ENCODER_EMA, BlockState.save(ema.encoder()));
        c.put(CheckpointEntry.EBM_OPTIMIZER, ebmOptimizer.state().encode());
        c.put(CheckpointEntry.ENCODER_OPTIMIZER, encoderOptimizer.state().encode());
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(buf)) {
            buffer.save(out);
        }
        c.put(CheckpointEntry.REPLAY_BUFFER, buf.toByteArray());
        for (Map.Entry<String, Block> e : objective.state().entrySet()) {
            c.put(e.getKey(), BlockState.save(e.getValue()));
        }
        return c;
    }

    private byte[] meta(Position position) throws IOException {
        Properties p = new Properties();
        p.setProperty("format_version", String.valueOf(Checkpoint.FORMAT_VERSION));
        p.setProperty("iteration", String.valueOf(position.iteration()));
        p.setProperty("clel_version", Versions.CLEL);
        p.setProperty("djl_version", Versions.djl());
        p.setProperty("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        p.setProperty("java_version", System.getProperty("java.version"));
        p.setProperty("data", data.name() + " (" + data.count() + " images)");
        p.setProperty("created", Instant.now().toString());
        if (Double.isFinite(position.bestEvaluation())) {
            p.setProperty("best_value", String.valueOf(position.bestEvaluation()));
        }
        StringWriter w = new StringWriter();
        p.store(w, "clel checkpoint");
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Loads every entry into the trainer's objects; {@code file} names the source in errors. Each entry is read only up
     * to the size these objects take, and checked before it is decoded.
     */
    Position restore(Checkpoint ckpt, Path file) throws IOException {
        CheckpointMeta meta = ckpt.meta(file);
        load(live, false, ckpt, file);
        load(ema, true, ckpt, file);
        // the optimizers read each Parameter's (now replaced) array at every step, so only their state is loaded
        try (NDManager tmp = manager.newSubManager()) {
            load(ebmOptimizer, CheckpointEntry.EBM_OPTIMIZER, ckpt, file, tmp);
            load(encoderOptimizer, CheckpointEntry.ENCODER_OPTIMIZER, ckpt, file, tmp);
        }
        String bufferEntry = CheckpointEntry.REPLAY_BUFFER.fileName();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
                ckpt.require(CheckpointEntry.REPLAY_BUFFER, file, buffer.encodedSize())))) {
            buffer.load(in, file + " entry " + bufferEntry);
        } catch (EOFException e) {
            throw new IOException(file + ": entry " + bufferEntry + " is truncated");
        }
        for (Map.Entry<String, Block> e : objective.state().entrySet()) {
            BlockState.load(e.getValue(), manager, ckpt, e.getKey(), file);
        }
        return new Position(meta.iteration(), meta.bestEvaluation());
    }

    private void load(ClelNetworks nets, boolean isEma, Checkpoint ckpt, Path file) throws IOException {
        BlockState.load(nets.ebm(), manager, ckpt, CheckpointEntry.ebm(isEma).fileName(), file);
        BlockState.load(nets.encoder(), manager, ckpt, CheckpointEntry.encoder(isEma).fileName(), file);
    }

    private static void load(Optimizer optimizer, CheckpointEntry entry, Checkpoint ckpt, Path file, NDManager tmp)
            throws IOException {
        List<DataDesc> layout = optimizer.stateLayout();
        String what = file + " entry " + entry.fileName();
        byte[] bytes = ckpt.require(entry, file, NDListState.maxSize(layout));
        optimizer.load(NDListState.decode(tmp, bytes, layout, what), tmp, what);
    }
}
