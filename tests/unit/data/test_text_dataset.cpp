// Tests for data/text_dataset: the tail split, windows batching (every training token once per
// epoch, seeded order, cursor determinism), streams batching (rows continue across batches) and
// reusing a run's tokenizer.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "genlab/core/error.h"
#include "genlab/data/dataset.h"
#include "support/temp_dir.h"

namespace genlab::data {
namespace {

// 1000 characters over a 10-letter alphabet, lines of 50.
std::string write_corpus(const testing::TempDir& tmp) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += (i % 50 == 49) ? '\n' : static_cast<char>('a' + (i * 7) % 10);
  std::ofstream(tmp.file("corpus.txt")) << text;
  return tmp.file("corpus.txt");
}

DataConfig config(const std::string& path, const std::string& batching) {
  DataConfig c;
  c.path = path;
  c.val_fraction = 0.1;
  c.context = 8;
  c.batching = batching;
  return c;
}

TEST(TextDataset, TailSplitAndCharTokenizer) {
  testing::TempDir tmp;
  auto d = open_dataset(config(write_corpus(tmp), "windows"), Modality::text, "", 1);
  const auto& info = d->info();
  EXPECT_EQ(info.modality, Modality::text);
  ASSERT_TRUE(info.tokenizer);
  EXPECT_EQ(info.vocab_size, info.tokenizer->vocab_size());
  EXPECT_EQ(info.example_shape, (std::vector<int64_t>{8}));
  EXPECT_EQ(info.train_examples, 900 / 8);  // the last 100 characters (two lines) are held out
  EXPECT_EQ(info.val_examples, 100 / 8);
}

TEST(TextDataset, WindowsCoverTheEpochOnceInASeededOrder) {
  testing::TempDir tmp;
  auto d = open_dataset(config(write_corpus(tmp), "windows"), Modality::text, "", 5);
  Cursor cursor;
  std::set<int64_t> firsts;
  int64_t batches = 0;
  while (cursor.epoch == 0) {
    Cursor before = cursor;
    auto b = d->next_batch(cursor, 4, torch::kCPU);
    if (cursor.epoch != 0) break;
    EXPECT_EQ(b.x.sizes(), (std::vector<int64_t>{4, 8}));
    EXPECT_TRUE(torch::equal(b.x.narrow(1, 1, 7), b.y.narrow(1, 0, 7)));  // y is x shifted by one
    Cursor again = before;
    EXPECT_TRUE(torch::equal(d->next_batch(again, 4, torch::kCPU).x, b.x));  // cursor determinism
    ++batches;
  }
  EXPECT_EQ(batches, d->steps_per_epoch(4));
}

TEST(TextDataset, StreamsContinueRowByRow) {
  testing::TempDir tmp;
  auto d = open_dataset(config(write_corpus(tmp), "streams"), Modality::text, "", 1);
  Cursor cursor;
  auto b1 = d->next_batch(cursor, 3, torch::kCPU);
  auto b2 = d->next_batch(cursor, 3, torch::kCPU);
  EXPECT_TRUE(b1.stream_start);
  EXPECT_FALSE(b2.stream_start);
  // Row r of batch 2 starts where row r of batch 1's targets ended.
  EXPECT_TRUE(torch::equal(b2.x.select(1, 0), b1.y.select(1, 7)));
  const auto val = d->val_batches(2, 0, torch::kCPU);
  ASSERT_FALSE(val.empty());
  EXPECT_TRUE(val.front().stream_start);
}

TEST(TextDataset, ReusesAGivenTokenizer) {
  testing::TempDir tmp;
  const std::string path = write_corpus(tmp);
  auto first = open_dataset(config(path, "windows"), Modality::text, "", 1);
  auto again = open_dataset(config(path, "windows"), Modality::text, "", 1, first->info().tokenizer);
  EXPECT_EQ(again->info().tokenizer, first->info().tokenizer);
}

TEST(TextDataset, ErrorsNameTheProblem) {
  testing::TempDir tmp;
  std::ofstream(tmp.file("tiny.txt")) << "abc\n";
  EXPECT_THROW(open_dataset(config(tmp.file("tiny.txt"), "windows"), Modality::text, "", 1), Error);
  EXPECT_THROW(open_dataset(config(tmp.file("missing.txt"), "windows"), Modality::text, "", 1), Error);
  EXPECT_THROW(open_dataset(config(write_corpus(tmp), "shuffled"), Modality::text, "", 1), Error);
}

}  // namespace
}  // namespace genlab::data
