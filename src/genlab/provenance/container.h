// Where a provenance record lives inside each file format, on bytes in memory. Each format has
// a place for foreign data that players and viewers skip, and embedding is exactly reversible:
// strip_record(embed_record(x, r)) == x, byte for byte, which is what makes the hard binding
// (BLAKE2b-256 of the file without its record) recomputable by anyone. Torch-free.
//   png      an iTXt chunk, keyword "genlab-provenance", inserted before IEND
//   gif      an application extension "GENLABPV" + "1.0", inserted before the trailer
//   wav      a RIFF chunk "gnlb" appended (pad byte when odd), RIFF size updated
//   midi     a sequencer-specific meta event (FF 7F, id 0x7D, "genlab" + record) at delta 0 at
//            the start of the first MTrk, track length updated
//   sidecar  everything else: the record goes to FILE.prov.json and the file is not touched
// Not a parser for these formats: only the chunk/block walking needed to find the record.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace genlab::provenance {

enum class Container { png, gif, wav, midi, sidecar };

const char* container_name(Container container);  // "png", "gif", "wav", "midi", "sidecar"

// The container from the magic bytes (sidecar when none matches). A file whose extension names
// one of the formats (.png .gif .wav .mid .midi) but whose bytes do not is refused:
// "out.png: not a PNG file (starts with 'GIF8')".
Container detect_container(const std::string& path, std::string_view bytes);

// The record text embedded in bytes, or nullopt when there is none (always for sidecar).
// Throws Error "<path>: corrupt <FORMAT>: <what> at byte N" when the structure cannot be walked.
std::optional<std::string> extract_record(std::string_view bytes, Container container,
                                          const std::string& path);

// bytes with the record inserted (bytes must carry none). Throws Error as extract_record.
std::string embed_record(std::string_view bytes, Container container, std::string_view record,
                         const std::string& path);

// bytes with the embedded record removed (unchanged when there is none, and for sidecar).
std::string strip_record(std::string_view bytes, Container container, const std::string& path);

// "FILE" -> "FILE.prov.json"
std::string sidecar_path(const std::string& path);

}  // namespace genlab::provenance
