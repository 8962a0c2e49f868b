package clel.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;

/** Parses a --device value and checks the engine can use it, before any work starts. */
final class DeviceOption {
    private DeviceOption() {
    }

    static Device parse(String name) {
        String n = name.trim().toLowerCase();
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.matches("gpu\\d+")) {
            int gpus = Engine.getInstance().getGpuCount();
            int id = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(3));
            if (id >= gpus) {
                throw new IllegalArgumentException("--device " + name + ": the PyTorch engine sees " + gpus + " GPU(s)"
                        + (gpus == 0 ? " (the CPU native library is installed, or no CUDA device is present)" : "")
                        + "; use --device cpu");
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException("--device: unknown device '" + name + "'; valid: cpu, gpu, gpu0, gpu1, ...");
    }
}
