// The public API (genlab.h) on top of models/ and backend/.
#include "genlab/genlab.h"

#include "genlab/backend/device.h"
#include "genlab/backend/runtime.h"
#include "genlab/core/check.h"
#include "genlab/image/tensor_image.h"
#include "genlab/models/registry.h"
#include "genlab/models/serialize.h"

namespace genlab {

struct Model::Impl {
  models::OpenedModel opened;
};

std::string version() { return GENLAB_VERSION; }

Model::Model(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Model::Model(Model&&) noexcept = default;
Model& Model::operator=(Model&&) noexcept = default;
Model::~Model() = default;

Model Model::load(const std::string& path, const LoadOptions& options) {
  backend::init_runtime(options.threads);
  auto impl = std::make_unique<Impl>();
  try {
    impl->opened = models::open_model(path, backend::choose_device(options.device));
  } catch (const c10::Error& e) {
    fail("{}: cannot load model: {}", path, e.what_without_backtrace());
  }
  return Model(std::move(impl));
}

std::string Model::family() const { return m_impl->opened.model->family(); }

std::string Model::modality() const {
  const auto& family = models::find_family(m_impl->opened.model->family());
  return data::modality_name(family.modalities.front());
}

int64_t Model::step() const { return m_impl->opened.archive->header().value("step", int64_t{0}); }

int64_t Model::parameter_count() const { return m_impl->opened.model->parameter_count(); }

std::vector<Image> Model::generate_images(int n, uint64_t seed) {
  if (n <= 0) fail("generate_images: n = {}; must be positive", n);
  models::SampleRequest request;
  request.n = n;
  request.seed = seed;
  auto samples = m_impl->opened.model->sample(request);
  if (!samples.images.defined()) fail("{}: family '{}' does not generate images", m_impl->opened.archive->path(), family());
  return image::to_images(samples.images);
}

}  // namespace genlab
