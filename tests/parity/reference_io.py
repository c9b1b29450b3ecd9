"""Output of the Python reference runs for genlab's parity tests: raw little-endian float32 files
plus manifest.json (tensor shapes and any figures), as tests/parity/reference_run.cpp reads them."""
import json
import os

import torch


class Recorder:
    def __init__(self, out, **manifest):
        os.makedirs(out, exist_ok=True)
        self.out = out
        self.manifest = dict(manifest, tensors={})

    def save(self, name, t):
        t = t.detach().contiguous().to(torch.float32)
        with open(os.path.join(self.out, name + ".bin"), "wb") as f:
            f.write(t.numpy().tobytes())
        self.manifest["tensors"][name] = list(t.shape)

    def save_weights(self, prefix, modules):
        """modules: {genlab module name: nn.Module}; writes "<prefix>.<name>.<parameter>"."""
        for module_name, module in modules.items():
            for key, value in module.state_dict().items():
                self.save(f"{prefix}.{module_name}.{key}", value)

    def close(self, **figures):
        self.manifest.update(figures)
        with open(os.path.join(self.out, "manifest.json"), "w") as f:
            json.dump(self.manifest, f)
