// Image data sets: IDX files (MNIST family, gzip or not) or a folder of PNG images, held on the
// device as uint8 (N, C, H, W) and converted to float per batch, so memory is 1 byte a pixel.
#include <algorithm>

#include "genlab/core/check.h"
#include "genlab/core/fs.h"
#include "genlab/data/datasets.h"
#include "genlab/data/idx.h"
#include "genlab/data/image_folder.h"
#include "genlab/data/shuffle.h"

namespace genlab::data {
namespace {

// Fixed split seed: every run (whatever its --seed) holds out the same examples.
constexpr uint64_t k_split_seed = 0x5eed5eedULL;

const std::vector<std::string> k_fashion_mnist_classes = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

class ImageDataset final : public Dataset {
 public:
  ImageDataset(torch::Tensor images, torch::Tensor labels, DataInfo info, double val_fraction, uint64_t seed)
      : m_images(std::move(images)), m_labels(std::move(labels)), m_info(std::move(info)), m_seed(seed) {
    const int64_t n = m_images.size(0);
    auto order = permutation(n, k_split_seed, 0);
    int64_t n_val = static_cast<int64_t>(static_cast<double>(n) * val_fraction);
    if (val_fraction > 0 && n_val == 0 && n > 1) n_val = 1;
    m_val.assign(order.end() - n_val, order.end());
    m_train.assign(order.begin(), order.end() - n_val);
    std::sort(m_val.begin(), m_val.end());
    std::sort(m_train.begin(), m_train.end());
    if (m_train.empty()) fail("{}: no training examples left after holding out {} for validation", m_info.source, n_val);
    m_info.train_examples = static_cast<int64_t>(m_train.size());
    m_info.val_examples = n_val;
  }

  const DataInfo& info() const override { return m_info; }

  int64_t steps_per_epoch(int64_t batch_size) const override {
    return std::max<int64_t>(1, static_cast<int64_t>(m_train.size()) / batch_size);
  }

  Batch next_batch(Cursor& cursor, int64_t batch_size, const torch::Device& device) const override {
    const auto n = static_cast<int64_t>(m_train.size());
    if (batch_size > n) fail("--batch-size {}: larger than the {} training examples", batch_size, n);
    if (cursor.position + batch_size > n) {
      cursor.epoch += 1;
      cursor.position = 0;
    }
    if (m_perm_epoch != cursor.epoch) {
      m_perm = permutation(n, m_seed, static_cast<uint64_t>(cursor.epoch));
      m_perm_epoch = cursor.epoch;
    }
    std::vector<int64_t> idx(static_cast<size_t>(batch_size));
    for (int64_t i = 0; i < batch_size; ++i) idx[i] = m_train[m_perm[cursor.position + i]];
    cursor.position += batch_size;
    return gather(idx, device);
  }

  std::vector<Batch> val_batches(int64_t batch_size, int64_t max_batches, const torch::Device& device) const override {
    std::vector<Batch> out;
    for (size_t start = 0; start < m_val.size(); start += static_cast<size_t>(batch_size)) {
      if (max_batches > 0 && static_cast<int64_t>(out.size()) >= max_batches) break;
      const size_t end = std::min(m_val.size(), start + static_cast<size_t>(batch_size));
      out.push_back(gather(std::vector<int64_t>(m_val.begin() + start, m_val.begin() + end), device));
    }
    return out;
  }

 private:
  Batch gather(const std::vector<int64_t>& idx, const torch::Device& device) const {
    auto index = torch::tensor(idx, torch::kInt64);
    Batch b;
    // (B, C, H, W) uint8 -> float in [0, 1], on the target device.
    b.x = m_images.index_select(0, index).to(device).to(torch::kFloat32).div_(255.0);
    if (m_labels.defined()) b.y = m_labels.index_select(0, index).to(device);
    return b;
  }

  torch::Tensor m_images;  // (N, C, H, W) uint8, CPU
  torch::Tensor m_labels;  // (N) int64 or undefined
  DataInfo m_info;
  uint64_t m_seed;
  std::vector<int64_t> m_train, m_val;
  mutable std::vector<int64_t> m_perm;
  mutable int64_t m_perm_epoch = -1;
};

// "…/train-images-idx3-ubyte.gz" -> "…/train-labels-idx1-ubyte.gz" when that file exists.
std::string labels_path_for(const std::string& images_path) {
  std::string p = images_path;
  const auto pos = p.find("images-idx3");
  if (pos == std::string::npos) return "";
  p.replace(pos, 11, "labels-idx1");
  return core::path_exists(p) ? p : "";
}

// A folder of IDX files: prefer train-images-idx3-ubyte[.gz].
std::string find_idx_in(const std::string& dir) {
  std::string any;
  for (const auto& f : core::list_files(dir)) {
    const std::string name = core::file_name(f);
    if (name.find("images-idx3") == std::string::npos) continue;
    if (name.rfind("train", 0) == 0) return f;
    if (any.empty()) any = f;
  }
  return any;
}

std::unique_ptr<Dataset> open_idx(const std::string& path, double val_fraction, uint64_t seed) {
  IdxArray images = read_idx(path);
  if (images.dims.size() != 3 && images.dims.size() != 4)
    fail("{}: expected images of shape (N, H, W) or (N, H, W, C), got {} dimensions", path, images.dims.size());
  const int64_t n = images.dims[0], h = images.dims[1], w = images.dims[2];
  const int64_t c = images.dims.size() == 4 ? images.dims[3] : 1;
  if (n == 0) fail("{}: contains no images", path);
  // The tensor takes over the file's bytes (no copy: peak memory is one copy of the data set).
  auto* bytes = new std::vector<uint8_t>(std::move(images.data));
  auto t = torch::from_blob(bytes->data(), {n, h, w, c}, [bytes](void*) { delete bytes; }, torch::kUInt8)
               .permute({0, 3, 1, 2})
               .contiguous();  // (N, C, H, W); a copy only for multi-channel files

  DataInfo info;
  info.modality = Modality::image;
  info.example_shape = {c, h, w};
  info.source = path;
  torch::Tensor labels;
  if (const std::string lp = labels_path_for(path); !lp.empty()) {
    IdxArray l = read_idx(lp);
    if (l.dims.size() != 1 || l.dims[0] != n)
      fail("{}: expected {} labels to match {}, got shape of {} dimensions", lp, n, path, l.dims.size());
    labels = torch::from_blob(l.data.data(), {n}, torch::kUInt8).to(torch::kInt64);
    info.num_classes = labels.max().item<int64_t>() + 1;
    if (path.find("fashion-mnist") != std::string::npos && info.num_classes == 10)
      info.class_names = k_fashion_mnist_classes;
    info.source += " + " + core::file_name(lp);
  }
  return std::make_unique<ImageDataset>(t, labels, info, val_fraction, seed);
}

std::unique_ptr<Dataset> open_png_folder(const std::string& dir, bool strict, double val_fraction, uint64_t seed) {
  ImageFolder folder = load_image_folder(dir, strict);
  for (const auto& s : folder.skipped) fmt::print(stderr, "genlab: skipped {}: {}\n", s.path, s.reason);
  const auto& first = folder.images.front();
  const int64_t n = static_cast<int64_t>(folder.images.size());
  auto t = torch::empty({n, first.height, first.width, first.channels}, torch::kUInt8);
  for (int64_t i = 0; i < n; ++i)
    std::memcpy(t[i].data_ptr<uint8_t>(), folder.images[i].pixels.data(), folder.images[i].pixels.size());
  DataInfo info;
  info.modality = Modality::image;
  info.example_shape = {first.channels, first.height, first.width};
  info.source = fmt::format("{} ({} PNG images, {} skipped)", dir, n, folder.skipped.size());
  return std::make_unique<ImageDataset>(t.permute({0, 3, 1, 2}).contiguous(), torch::Tensor(), info, val_fraction, seed);
}

}  // namespace

std::unique_ptr<Dataset> open_image_dataset(const DataConfig& config, const std::string& path, bool is_default,
                                            uint64_t seed) {
  if (!core::path_exists(path)) {
    if (is_default)
      fail("{}: default data set not found; run scripts/setup.sh (installs dataset-fashion-mnist) or pass --data", path);
    fail("{}: no such file or directory", path);
  }
  if (core::is_directory(path)) {
    if (const std::string idx = find_idx_in(path); !idx.empty()) return open_idx(idx, config.val_fraction, seed);
    return open_png_folder(path, config.strict, config.val_fraction, seed);
  }
  return open_idx(path, config.val_fraction, seed);
}

}  // namespace genlab::data
