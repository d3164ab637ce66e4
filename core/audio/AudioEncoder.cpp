#include "audio/AudioEncoder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavformat/avio.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/mem.h>
#include <libavutil/samplefmt.h>
}

#include "util/AtomicFile.h"
#include "audio/FfmpegSupport.h"
#include "util/Error.h"

namespace emotrace {

namespace {

// RAII for the FFmpeg objects; each deleter frees the object FFmpeg's way.
struct OutputFormatFreer {
    void operator()(AVFormatContext* p) const { avformat_free_context(p); } // pb is ours, not its
};
struct IoFreer {
    // The context may have replaced its buffer: free the one it holds now.
    void operator()(AVIOContext* p) const
    {
        av_freep(&p->buffer);
        avio_context_free(&p);
    }
};
struct AvFreer {
    void operator()(void* p) const { av_free(p); }
};
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatFreer>;
using CodecPtr = std::unique_ptr<AVCodecContext, ffmpeg::CodecFreer>;
using PacketPtr = std::unique_ptr<AVPacket, ffmpeg::PacketFreer>;
using FramePtr = std::unique_ptr<AVFrame, ffmpeg::FrameFreer>;
using IoPtr = std::unique_ptr<AVIOContext, IoFreer>;



constexpr int kMaxSampleRate = 768000;  // Hz; beyond any audio interface
constexpr int kMaxFlacSampleRate = 655350; // Hz; the largest rate a FLAC frame header can state
constexpr int kMaxWavChannels = 64;
constexpr int kMaxFlacChannels = 8;     // FLAC's channel assignment field
constexpr int kPcmFrameSamples = 4096;  // frames per AVFrame for the PCM codecs (any size works)

/// Scales to an integer of `bits` bits: clip to [-1, 1], x * 2^(bits-1), round to
/// nearest (ties to even: deterministic, no dither), clamp to the largest code.
inline std::int32_t quantize(float x, int bits)
{
    const double scale = double(std::int64_t(1) << (bits - 1));
    const double clipped = std::clamp(double(x), -1.0, 1.0);
    const double v = std::nearbyint(clipped * scale);
    return std::int32_t(std::clamp(v, -scale, scale - 1.0));
}

/// Adapts AtomicFile's stream to an AVIOContext: writes, seeks (WAV and FLAC go back to
/// fill in sizes and STREAMINFO) and the size query.
class StreamSink {
public:
    explicit StreamSink(std::ofstream& stream) : m_stream(stream) {}

#if LIBAVFORMAT_VERSION_MAJOR >= 61
    static int write(void* opaque, const std::uint8_t* data, int size)
#else
    static int write(void* opaque, std::uint8_t* data, int size)
#endif
    {
        auto* self = static_cast<StreamSink*>(opaque);
        self->m_stream.write(reinterpret_cast<const char*>(data), size);
        if (!self->m_stream) return AVERROR(EIO);
        self->m_position += size;
        self->m_size = std::max(self->m_size, self->m_position);
        return size;
    }

    static std::int64_t seek(void* opaque, std::int64_t offset, int whence)
    {
        auto* self = static_cast<StreamSink*>(opaque);
        if (whence & AVSEEK_SIZE) return self->m_size;
        std::int64_t target = 0;
        switch (whence & ~AVSEEK_FORCE) {
        case SEEK_SET: target = offset; break;
        case SEEK_CUR: target = self->m_position + offset; break;
        case SEEK_END: target = self->m_size + offset; break;
        default: return AVERROR(EINVAL);
        }
        if (target < 0) return AVERROR(EINVAL);
        self->m_stream.seekp(std::streamoff(target));
        if (!self->m_stream) return AVERROR(EIO);
        self->m_position = target;
        return target;
    }

private:
    std::ofstream& m_stream;
    std::int64_t m_position = 0;
    std::int64_t m_size = 0;
};

/// One write() call: validation, the muxer, the encoder and the temporary file.
class EncodeSession {
public:
    EncodeSession(const std::filesystem::path& file, const AudioBuffer& audio, AudioEncoder::Format format, int bits)
        : m_file(file), m_name(file.string()), m_audio(audio), m_format(format), m_bits(bits)
    {
    }

    void run();

private:
    [[noreturn]] void fail(const std::string& problem) const { throw Error(m_name + ": " + problem); }

    void validate() const;
    void openMuxer(std::ofstream& stream);
    void openEncoder();
    void encodeAll();
    void fillFrame(AVFrame& frame, std::int64_t firstFrame, int frames) const;
    void send(const AVFrame* frame);

    std::filesystem::path m_file;
    std::string m_name;
    const AudioBuffer& m_audio;
    AudioEncoder::Format m_format;
    int m_bits;

    // Destroyed in reverse: muxer and codec before the I/O context, before its sink,
    // before the temporary file (removed unless committed).
    std::optional<AtomicFile> m_out;
    std::unique_ptr<StreamSink> m_sink;
    IoPtr m_io;
    OutputFormatPtr m_muxer;
    CodecPtr m_codec;
    AVStream* m_stream = nullptr;
    PacketPtr m_packet;
};

void EncodeSession::validate() const
{
    const bool flac = m_format == AudioEncoder::Format::Flac;
    if (flac ? (m_bits != 16 && m_bits != 24) : (m_bits != 16 && m_bits != 24 && m_bits != 32))
        fail(std::to_string(m_bits) + " bits per sample not supported for " + (flac ? "FLAC (16 or 24)" : "WAV (16, 24 or 32 float)"));
    const int maxChannels = flac ? kMaxFlacChannels : kMaxWavChannels;
    if (m_audio.channels < 1 || m_audio.channels > maxChannels)
        fail("bad channel count " + std::to_string(m_audio.channels) + " (1.." + std::to_string(maxChannels) + ")");
    const int maxRate = flac ? kMaxFlacSampleRate : kMaxSampleRate;
    if (m_audio.sampleRate < 1 || m_audio.sampleRate > maxRate)
        fail("bad sample rate " + std::to_string(m_audio.sampleRate) + " Hz (1.." + std::to_string(maxRate) + ")");
    if (m_audio.samples.empty()) fail("no audio to write (empty buffer)");
    if (m_audio.samples.size() % std::size_t(m_audio.channels) != 0)
        fail("inconsistent buffer (" + std::to_string(m_audio.samples.size()) + " samples for " +
             std::to_string(m_audio.channels) + " channels)");
    const auto bad = std::find_if(m_audio.samples.begin(), m_audio.samples.end(), [](float s) { return !std::isfinite(s); });
    if (bad != m_audio.samples.end())
        fail("audio contains NaN or infinite samples (first at frame " +
             std::to_string((bad - m_audio.samples.begin()) / m_audio.channels) + ")");
    if (!flac) {
        // RIFF sizes are 32 bits; leave room for the header chunks.
        const auto bytes = std::uint64_t(m_audio.samples.size()) * std::uint64_t(m_bits / 8);
        if (bytes > std::uint64_t(std::numeric_limits<std::uint32_t>::max()) - 1024)
            fail("too long for WAV (over 4 GiB of samples); write FLAC instead");
    }
}

void EncodeSession::openMuxer(std::ofstream& stream)
{
    constexpr int kIoBufferBytes = 1 << 16;
    std::unique_ptr<void, AvFreer> buffer(av_malloc(kIoBufferBytes));
    if (!buffer) fail("out of memory");
    m_sink = std::make_unique<StreamSink>(stream);
    m_io.reset(avio_alloc_context(static_cast<unsigned char*>(buffer.get()), kIoBufferBytes, 1, m_sink.get(), nullptr,
                                  &StreamSink::write, &StreamSink::seek));
    if (!m_io) fail("out of memory");
    buffer.release(); // the I/O context owns it now

    const char* muxerName = m_format == AudioEncoder::Format::Flac ? "flac" : "wav";
    AVFormatContext* raw = nullptr;
    const int rc = avformat_alloc_output_context2(&raw, nullptr, muxerName, nullptr);
    if (rc < 0 || !raw) fail(std::string("cannot create the ") + muxerName + " muxer (" + ffmpeg::errorText(rc) + ")");
    m_muxer.reset(raw);
    m_muxer->pb = m_io.get();
    // No library version in the file ("encoder" tag, FLAC vendor string): same bytes
    // from every FFmpeg build.
    m_muxer->flags |= AVFMT_FLAG_BITEXACT;
}

void EncodeSession::openEncoder()
{
    AVCodecID id = AV_CODEC_ID_NONE;
    AVSampleFormat sampleFormat = AV_SAMPLE_FMT_NONE;
    if (m_format == AudioEncoder::Format::Flac) {
        id = AV_CODEC_ID_FLAC;
        sampleFormat = m_bits == 16 ? AV_SAMPLE_FMT_S16 : AV_SAMPLE_FMT_S32;
    } else if (m_bits == 16) {
        id = AV_CODEC_ID_PCM_S16LE;
        sampleFormat = AV_SAMPLE_FMT_S16;
    } else if (m_bits == 24) {
        id = AV_CODEC_ID_PCM_S24LE; // takes s32 and keeps the top 24 bits
        sampleFormat = AV_SAMPLE_FMT_S32;
    } else {
        id = AV_CODEC_ID_PCM_F32LE;
        sampleFormat = AV_SAMPLE_FMT_FLT;
    }
    const AVCodec* encoder = avcodec_find_encoder(id);
    if (!encoder) fail(std::string("FFmpeg lacks the ") + avcodec_get_name(id) + " encoder");

    m_codec.reset(avcodec_alloc_context3(encoder));
    if (!m_codec) fail("out of memory");
    m_codec->sample_fmt = sampleFormat;
    m_codec->sample_rate = m_audio.sampleRate;
    m_codec->time_base = AVRational{1, m_audio.sampleRate};
    ffmpeg::ChannelLayout layout(m_audio.channels);
    int rc = av_channel_layout_copy(&m_codec->ch_layout, layout.get());
    if (rc < 0) fail("cannot set the channel layout (" + ffmpeg::errorText(rc) + ")");
    if (m_format == AudioEncoder::Format::Flac) m_codec->bits_per_raw_sample = m_bits;
    m_codec->flags |= AV_CODEC_FLAG_BITEXACT;
    if (m_muxer->oformat->flags & AVFMT_GLOBALHEADER) m_codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    rc = avcodec_open2(m_codec.get(), encoder, nullptr);
    if (rc < 0) fail(std::string("cannot open the ") + encoder->name + " encoder (" + ffmpeg::errorText(rc) + ")");

    m_stream = avformat_new_stream(m_muxer.get(), nullptr);
    if (!m_stream) fail("out of memory");
    rc = avcodec_parameters_from_context(m_stream->codecpar, m_codec.get());
    if (rc < 0) fail("cannot set the stream parameters (" + ffmpeg::errorText(rc) + ")");
    m_stream->time_base = m_codec->time_base;

    rc = avformat_write_header(m_muxer.get(), nullptr);
    if (rc < 0) fail("cannot write the file header (" + ffmpeg::errorText(rc) + ")");
    m_packet.reset(av_packet_alloc());
    if (!m_packet) fail("out of memory");
}

void EncodeSession::fillFrame(AVFrame& frame, std::int64_t firstFrame, int frames) const
{
    const std::size_t count = std::size_t(frames) * std::size_t(m_audio.channels);
    const float* src = m_audio.samples.data() + std::size_t(firstFrame) * std::size_t(m_audio.channels);
    // Packed formats only (interleaved, like AudioBuffer): one plane.
    switch (AVSampleFormat(frame.format)) {
    case AV_SAMPLE_FMT_FLT: std::memcpy(frame.data[0], src, count * sizeof(float)); break;
    case AV_SAMPLE_FMT_S16: {
        auto* dst = reinterpret_cast<std::int16_t*>(frame.data[0]);
        for (std::size_t i = 0; i < count; ++i) dst[i] = std::int16_t(quantize(src[i], 16));
        break;
    }
    case AV_SAMPLE_FMT_S32: {
        // 24-bit values left-justified in 32 bits, as pcm_s24le and FLAC expect them.
        auto* dst = reinterpret_cast<std::int32_t*>(frame.data[0]);
        for (std::size_t i = 0; i < count; ++i) dst[i] = quantize(src[i], 24) * 256;
        break;
    }
    default: fail("internal: unexpected sample format");
    }
}

void EncodeSession::send(const AVFrame* frame)
{
    int rc = avcodec_send_frame(m_codec.get(), frame);
    if (rc < 0) fail("encoding failed (" + ffmpeg::errorText(rc) + ")");
    for (;;) {
        rc = avcodec_receive_packet(m_codec.get(), m_packet.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) fail("encoding failed (" + ffmpeg::errorText(rc) + ")");
        m_packet->stream_index = m_stream->index;
        av_packet_rescale_ts(m_packet.get(), m_codec->time_base, m_stream->time_base);
        rc = av_write_frame(m_muxer.get(), m_packet.get()); // takes the packet's data, leaves it blank
        if (rc < 0) fail("write failed (" + ffmpeg::errorText(rc) + ")");
    }
}

void EncodeSession::encodeAll()
{
    // Fixed-size encoders (FLAC) get whole frames, the last shorter; the final send
    // drains FLAC's last frame and its final STREAMINFO.
    ffmpeg::feedEncoder(
        *m_codec, m_audio.frameCount(), kPcmFrameSamples,
        [this](AVFrame& frame, std::int64_t first, int count) { fillFrame(frame, first, count); },
        [this](const AVFrame* frame) { send(frame); }, [this](const std::string& text) { fail(text); });
}

void EncodeSession::run()
{
    ffmpeg::silenceLog();
    validate(); // before the temporary file exists: bad input leaves nothing behind
    m_out.emplace(m_file);
    openMuxer(m_out->stream());
    openEncoder();
    encodeAll();
    const int rc = av_write_trailer(m_muxer.get());
    if (rc < 0) fail("cannot finish the file (" + ffmpeg::errorText(rc) + ")");
    avio_flush(m_io.get());
    if (m_io->error < 0) fail("write failed (" + ffmpeg::errorText(m_io->error) + ")");
    m_muxer.reset();
    m_io.reset();
    m_out->commit();
}

} // namespace

void AudioEncoder::write(const std::filesystem::path& file, const AudioBuffer& audio, Format format, int bitsPerSample)
{
    EncodeSession(file, audio, format, bitsPerSample).run();
}

AudioEncoder::Format AudioEncoder::formatFor(const std::filesystem::path& file)
{
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (ext == ".wav") return Format::Wav;
    if (ext == ".flac") return Format::Flac;
    if (ext.empty()) throw Error(file.string() + ": no file extension (write .wav or .flac)");
    throw Error(file.string() + ": unknown audio file type \"" + ext + "\" (write .wav or .flac)");
}

} // namespace emotrace
