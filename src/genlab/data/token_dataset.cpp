// Token-stream data sets, shared by text and music: the training and held-out splits as int32
// token ids, handed out in one of two batchings:
//   windows: each epoch cuts the training tokens into T-token windows at a seeded offset and hands
//            them out in a seeded order (every token seen once per epoch; boundaries move).
//   streams: the tokens are B contiguous streams read T tokens at a time, so batch i+1 row b
//            continues batch i row b: an RNN carries its hidden state across batches (truncated BPTT).
#include <algorithm>

#include "genlab/core/check.h"
#include "genlab/data/datasets.h"
#include "genlab/data/shuffle.h"

namespace genlab::data {
namespace {

class TokenDataset final : public Dataset {
 public:
  TokenDataset(std::vector<int32_t> train, std::vector<int32_t> val, DataInfo info, const DataConfig& config,
              uint64_t seed)
      : m_train(std::move(train)), m_val(std::move(val)), m_info(std::move(info)), m_context(config.context),
        m_streams(config.batching == "streams"), m_seed(seed) {
    if (static_cast<int64_t>(m_train.size()) < m_context + 1)
      fail("{}: {} training tokens are fewer than data.context + 1 = {}; use more text or a shorter context",
           m_info.source, m_train.size(), m_context + 1);
    m_info.train_examples = static_cast<int64_t>(m_train.size()) / m_context;
    m_info.val_examples = static_cast<int64_t>(m_val.size()) / m_context;
  }

  const DataInfo& info() const override { return m_info; }

  int64_t steps_per_epoch(int64_t batch_size) const override {
    const int64_t per_epoch = m_streams ? ((static_cast<int64_t>(m_train.size()) - 1) / batch_size) / m_context
                                        : windows_per_epoch() / batch_size;
    return std::max<int64_t>(1, per_epoch);
  }

  Batch next_batch(Cursor& cursor, int64_t batch_size, const torch::Device& device) const override {
    return m_streams ? next_stream_batch(cursor, batch_size, device) : next_window_batch(cursor, batch_size, device);
  }

  std::vector<Batch> val_batches(int64_t batch_size, int64_t max_batches, const torch::Device& device) const override {
    std::vector<Batch> out;
    const int64_t n = static_cast<int64_t>(m_val.size());
    if (m_streams) {
      // The held-out tokens as batch_size streams, read in order.
      const int64_t len = (n - 1) / batch_size;
      for (int64_t p = 0; p + m_context <= len; p += m_context) {
        if (max_batches > 0 && static_cast<int64_t>(out.size()) >= max_batches) break;
        std::vector<int64_t> starts;
        for (int64_t b = 0; b < batch_size; ++b) starts.push_back(b * len + p);
        out.push_back(gather(m_val, starts, device));
        out.back().stream_start = p == 0;
      }
      return out;
    }
    std::vector<int64_t> starts;
    for (int64_t s = 0; s + m_context + 1 <= n; s += m_context) {
      starts.push_back(s);
      if (static_cast<int64_t>(starts.size()) == batch_size) {
        out.push_back(gather(m_val, starts, device));
        starts.clear();
        if (max_batches > 0 && static_cast<int64_t>(out.size()) >= max_batches) return out;
      }
    }
    if (!starts.empty()) out.push_back(gather(m_val, starts, device));
    return out;
  }

 private:
  Batch next_window_batch(Cursor& cursor, int64_t batch_size, const torch::Device& device) const {
    if (cursor.position + batch_size > static_cast<int64_t>(windows(cursor.epoch).size())) {
      cursor.epoch += 1;
      cursor.position = 0;
    }
    const auto& w = windows(cursor.epoch);
    if (batch_size > static_cast<int64_t>(w.size()))
      fail("{}: batch size {} exceeds the {} windows of {} tokens in the training text", m_info.source, batch_size,
           w.size(), m_context);
    std::vector<int64_t> starts(w.begin() + cursor.position, w.begin() + cursor.position + batch_size);
    cursor.position += batch_size;
    return gather(m_train, starts, device);
  }

  Batch next_stream_batch(Cursor& cursor, int64_t batch_size, const torch::Device& device) const {
    const int64_t len = (static_cast<int64_t>(m_train.size()) - 1) / batch_size;  // tokens per stream
    if (len < m_context)
      fail("{}: batch size {} leaves streams of {} tokens, shorter than data.context {}", m_info.source, batch_size,
           len, m_context);
    if (cursor.position + m_context > len) {
      cursor.epoch += 1;
      cursor.position = 0;
    }
    std::vector<int64_t> starts;
    for (int64_t b = 0; b < batch_size; ++b) starts.push_back(b * len + cursor.position);
    Batch batch = gather(m_train, starts, device);
    batch.stream_start = cursor.position == 0;
    cursor.position += m_context;
    return batch;
  }

  // The same for every offset: (N - T) / T windows of T + 1 tokens fit after any offset < T.
  int64_t windows_per_epoch() const { return (static_cast<int64_t>(m_train.size()) - m_context) / m_context; }

  // Window starts of an epoch: offset in [0, T) from (seed, epoch), then a seeded order.
  const std::vector<int64_t>& windows(int64_t epoch) const {
    if (m_windows_epoch != epoch) {
      uint64_t state = m_seed ^ (0x9e3779b97f4a7c15ULL * static_cast<uint64_t>(epoch + 1));
      const int64_t offset = static_cast<int64_t>(splitmix64(state) % static_cast<uint64_t>(m_context));
      const int64_t n = windows_per_epoch();
      const auto order = permutation(n, m_seed, static_cast<uint64_t>(epoch));
      m_windows.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) m_windows[i] = offset + order[i] * m_context;
      m_windows_epoch = epoch;
    }
    return m_windows;
  }

  // x = tokens[s, s+T), y = tokens[s+1, s+T+1) for each start s: (B, T) int64 each.
  Batch gather(const std::vector<int32_t>& tokens, const std::vector<int64_t>& starts,
               const torch::Device& device) const {
    const int64_t b = static_cast<int64_t>(starts.size()), t = m_context;
    auto buf = torch::empty({b, t + 1}, torch::kInt64);
    auto* p = buf.data_ptr<int64_t>();
    for (int64_t i = 0; i < b; ++i)
      std::copy(tokens.begin() + starts[i], tokens.begin() + starts[i] + t + 1, p + i * (t + 1));
    Batch batch;
    batch.x = buf.narrow(1, 0, t).to(device);
    batch.y = buf.narrow(1, 1, t).to(device);
    return batch;
  }

  std::vector<int32_t> m_train, m_val;
  DataInfo m_info;
  int64_t m_context;
  bool m_streams;
  uint64_t m_seed;
  mutable std::vector<int64_t> m_windows;
  mutable int64_t m_windows_epoch = -1;
};

}  // namespace

std::unique_ptr<Dataset> make_token_dataset(std::vector<int32_t> train, std::vector<int32_t> val, DataInfo info,
                                            const DataConfig& config, uint64_t seed) {
  return std::make_unique<TokenDataset>(std::move(train), std::move(val), std::move(info), config, seed);
}

}  // namespace genlab::data
