// Torch-free float32 kernels for the CPU: batch-1 decoding (llm.c's forward pass, one position at a
// time), the Adam update and the LSTM cell. A decoding step is a few hundred tiny operations, an Adam step about
// ten per parameter; through LibTorch each costs a dispatch, a tensor and an allocation, which
// dominated a small GPT's sampling time, a small GAN's optimizer step and the LSTM's dozen
// element-wise operations per time step. These loops touch each
// value once and allocate nothing. Parity with LibTorch is tested (tests/unit/models/test_gpt.cpp,
// tests/unit/train/test_optim.cpp, tests/unit/nn/test_lstm.cpp; tests/unit/nn/test_cpu_kernels.cpp).
#pragma once

#include <cstdint>

namespace genlab::nn::cpu {

// out = (x - mean) / sqrt(var + eps) * weight + bias over n values (biased variance, as
// torch.nn.LayerNorm); weight and bias may be null (1 and 0). out may alias x.
void layer_norm(const float* x, const float* weight, const float* bias, int64_t n, float eps, float* out);

// y = W x + bias for a row-major W (rows, cols); bias may be null. y must not alias x.
void gemv(const float* w, const float* x, const float* bias, int64_t rows, int64_t cols, float* y);

// In place, GELU with the exact erf form (torch.nn.functional.gelu's default).
void gelu(float* x, int64_t n);

// One query attending over cached keys and values: for each head h,
//   y_h = sum_t softmax_t(q_h . k_{h,t} / sqrt(head_dim)) v_{h,t},  t < length,
// with q and y laid out (n_head, head_dim) and the caches (n_head, capacity, head_dim).
// scratch holds at least `length` floats.
void attend(const float* q, const float* k_cache, const float* v_cache, int64_t n_head, int64_t head_dim,
            int64_t capacity, int64_t length, float* y, float* scratch);

// The scalars of one Adam/AdamW step, as LibTorch's Adam computes them in double for step t.
struct AdamStep {
  float beta1, beta2;           // moment decays
  float one_minus_beta1;        // 1 - beta1
  float one_minus_beta2;        // 1 - beta2
  float sqrt_bias_correction2;  // sqrt(1 - beta2^t)
  float eps;                    // added to the denominator
  float neg_step_size;          // -lr / (1 - beta1^t)
  float l2;                     // Adam's weight decay: added to the gradient as l2 * w (0 = none)
  float decay;                  // AdamW's decoupled decay: w *= decay first (1 = none)
};

// One Adam step over n values, in LibTorch's order of operations:
//   w *= decay;  g += l2 * w;  m = m beta1 + (1 - beta1) g;  v = v beta2 + (1 - beta2) g g;
//   w += neg_step_size * m / (sqrt(v) / sqrt_bias_correction2 + eps).
void adam_update(float* w, const float* grad, float* m, float* v, int64_t n, const AdamStep& s);

// exp(x) and tanh(x) as the LSTM cell computes them: branch-free polynomials (Cephes' expf and
// tanhf) that vectorise, within 2 ulp of exp and 1e-7 of tanh (exp saturates outside [-87, 88]).
float exp_approx(float x);
float tanh_approx(float x);

// Rows of a (rows, n) float matrix whose row r starts at data + r * stride.
template <class T>
struct Rows {
  T* data;
  int64_t stride;
  T* row(int64_t r) const { return data + r * stride; }
};

// One LSTM time step for `batch` rows in PyTorch's gate order (input, forget, cell, output):
// gates holds each row's 4 * hidden pre-activations and is overwritten with the activated gates
// i = sigmoid, f = sigmoid, g = tanh, o = sigmoid; then c = f c_prev + i g and h = o tanh(c).
void lstm_cell_forward(int64_t batch, int64_t hidden, Rows<float> gates, Rows<const float> c_prev, Rows<float> c,
                       Rows<float> h);

// Its backward, from the step's activated gates, c and c_prev: dy is the gradient of this step's
// output h, dh and dc those reaching h and c from the next step, both
// contiguous (batch, hidden). Writes the gates' pre-activation gradients to dgates and replaces dc
// with the gradient reaching c_prev; dh is only read.
void lstm_cell_backward(int64_t batch, int64_t hidden, Rows<const float> gates, Rows<const float> c,
                        Rows<const float> c_prev, Rows<const float> dy, const float* dh, float* dc, Rows<float> dgates);

}  // namespace genlab::nn::cpu
