// The single gateway to LibTorch (and the precompiled header of every torch-using target).
// Everything tensor-shaped includes this, never <torch/torch.h> directly, so version guards stay in
// compat.h and the PCH is shared.
#pragma once

#include <torch/torch.h>

#include "genlab/backend/compat.h"
