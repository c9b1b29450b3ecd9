// Tests for data/image_dataset: the fixed split, cursor determinism (what exact resume relies on),
// epoch roll-over, and the errors for unusable data.
#include <gtest/gtest.h>

#include "genlab/core/error.h"
#include "genlab/data/dataset.h"
#include "genlab/data/idx.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

std::string write_idx_set(const testing::TempDir& tmp, int64_t n) {
  IdxArray images{{n, 2, 2}, {}}, labels{{n}, {}};
  for (int64_t i = 0; i < n; ++i) {
    for (int k = 0; k < 4; ++k) images.data.push_back(static_cast<uint8_t>(i));
    labels.data.push_back(static_cast<uint8_t>(i % 3));
  }
  write_idx(tmp.file("train-images-idx3-ubyte"), images);
  write_idx(tmp.file("train-labels-idx1-ubyte"), labels);
  return tmp.path();
}

TEST(ImageDataset, SplitAndShape) {
  testing::TempDir tmp;
  DataConfig c;
  c.path = write_idx_set(tmp, 100);
  c.val_fraction = 0.1;
  auto d = open_dataset(c, Modality::image, "", 1);
  EXPECT_EQ(d->info().train_examples, 90);
  EXPECT_EQ(d->info().val_examples, 10);
  EXPECT_EQ(d->info().example_shape, (std::vector<int64_t>{1, 2, 2}));
  EXPECT_EQ(d->info().num_classes, 3);
  const auto val = d->val_batches(4, 0, torch::kCPU);
  ASSERT_EQ(val.size(), 3u);  // 4 + 4 + 2
  EXPECT_EQ(val[2].x.size(0), 2);
  // Pixel value i/255 identifies example i: validation and training examples are disjoint.
  std::set<int> val_ids;
  for (const auto& b : val)
    for (int64_t i = 0; i < b.x.size(0); ++i) val_ids.insert(static_cast<int>(std::lround(b.x[i][0][0][0].item<float>() * 255)));
  Cursor cur;
  for (int step = 0; step < 9; ++step) {
    const auto b = d->next_batch(cur, 10, torch::kCPU);
    for (int64_t i = 0; i < 10; ++i)
      EXPECT_EQ(val_ids.count(static_cast<int>(std::lround(b.x[i][0][0][0].item<float>() * 255))), 0u);
  }
  EXPECT_EQ(cur.epoch, 0);
  EXPECT_EQ(cur.position, 90);
}

TEST(ImageDataset, CursorReplaysTheSameBatchesAndEpochsDiffer) {
  testing::TempDir tmp;
  DataConfig c;
  c.path = write_idx_set(tmp, 50);
  auto d1 = open_dataset(c, Modality::image, "", 7);
  auto d2 = open_dataset(c, Modality::image, "", 7);
  Cursor a;
  std::vector<torch::Tensor> first;
  for (int i = 0; i < 12; ++i) first.push_back(d1->next_batch(a, 8, torch::kCPU).x);
  EXPECT_EQ(a.epoch, 1);  // 48 training examples (2 held out): 6 batches of 8 per epoch
  // A fresh data set from a saved cursor continues identically.
  Cursor b{1, 8};  // where batch 7 starts: the second batch of epoch 1
  for (int i = 7; i < 12; ++i) EXPECT_TRUE(torch::equal(d2->next_batch(b, 8, torch::kCPU).x, first[i])) << i;
  EXPECT_FALSE(torch::equal(first[0], first[5]));
}

TEST(ImageDataset, Errors) {
  testing::TempDir tmp;
  DataConfig c;
  c.path = tmp.file("missing.idx");
  EXPECT_THROW(open_dataset(c, Modality::image, "", 1), Error);
  c.path = "";
  EXPECT_THROW(open_dataset(c, Modality::image, tmp.file("nope"), 1), Error);
  c.path = write_idx_set(tmp, 4);
  auto d = open_dataset(c, Modality::image, "", 1);
  Cursor cur;
  EXPECT_THROW(d->next_batch(cur, 64, torch::kCPU), Error);
}

}  // namespace
}  // namespace genlab::data
