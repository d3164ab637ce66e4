#include "audio/LossyCodec.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/mem.h>
#include <libavutil/samplefmt.h>
}

#include "audio/FfmpegSupport.h"
#include "audio/Resampler.h"
#include "util/Error.h"

namespace emotrace {

namespace {

using CodecPtr = std::unique_ptr<AVCodecContext, ffmpeg::CodecFreer>;
using PacketPtr = std::unique_ptr<AVPacket, ffmpeg::PacketFreer>;
using FramePtr = std::unique_ptr<AVFrame, ffmpeg::FrameFreer>;

/// What each format is made with and what it accepts.
struct FormatSpec {
    LossyFormat format;
    const char* name;
    const char* encoder;  ///< libavcodec encoder name
    const char* decoder;  ///< preferred libavcodec decoder name (else the codec id's default)
    AVCodecID codec;
    int minKbps;
    int maxKbps;
};

constexpr std::array<FormatSpec, 4> kFormats{{
    {LossyFormat::Mp3, "mp3", "libmp3lame", "mp3float", AV_CODEC_ID_MP3, 32, 320},
    {LossyFormat::Aac, "aac", "aac", "aac", AV_CODEC_ID_AAC, 32, 320},
    {LossyFormat::Vorbis, "vorbis", "libvorbis", "vorbis", AV_CODEC_ID_VORBIS, 48, 320},
    {LossyFormat::Opus, "opus", "libopus", "opus", AV_CODEC_ID_OPUS, 16, 256},
}};

constexpr int kOpusRate = 48000;        // Hz; the only rate the Opus path encodes at
constexpr int kMp3Mpeg2MinRate = 16000; // Hz; MPEG-2 Layer III (16..24 kHz) carries at most 160 kbps
constexpr int kMp3Mpeg1MinRate = 32000; // Hz; MPEG-1 (32..48 kHz) the full 320 kbps
constexpr int kMp3Mpeg2MaxKbps = 160;
constexpr int kMp3Mpeg25MaxKbps = 64;   // MPEG-2.5 (8..12 kHz), as LAME implements it
constexpr int kAacMaxBitsPerChannelFrame = 6144; // AAC's decoder buffer per channel
constexpr int kAacFrameSamples = 1024;

const FormatSpec& specFor(LossyFormat format)
{
    for (const FormatSpec& spec : kFormats)
        if (spec.format == format) return spec;
    throw Error("lossy codec: unknown format " + std::to_string(int(format)));
}

/// Checks what every format needs; `fail` throws with the format's prefix.
template <typename Fail>
void validate(const AudioBuffer& audio, const FormatSpec& spec, int kbps, Fail fail)
{
    if (kbps < spec.minKbps || kbps > spec.maxKbps)
        fail("bitrate outside " + std::to_string(spec.minKbps) + ".." + std::to_string(spec.maxKbps) + " kbps");
    if (audio.samples.empty()) fail("no audio (empty buffer)");
    if (audio.channels < 1 || audio.channels > 2)
        fail("unsupported channel count " + std::to_string(audio.channels) + " (1 or 2)");
    if (audio.samples.size() % std::size_t(audio.channels) != 0)
        fail("inconsistent buffer (" + std::to_string(audio.samples.size()) + " samples for " +
             std::to_string(audio.channels) + " channels)");
    if (audio.sampleRate < 1) fail("bad sample rate " + std::to_string(audio.sampleRate) + " Hz");
    const auto bad = std::find_if(audio.samples.begin(), audio.samples.end(), [](float s) { return !std::isfinite(s); });
    if (bad != audio.samples.end())
        fail("audio contains NaN or infinite samples (first at frame " +
             std::to_string((bad - audio.samples.begin()) / audio.channels) + ")");

    // Limits of the bitstreams themselves; the encoders would clamp silently.
    if (spec.format == LossyFormat::Mp3 && audio.sampleRate < kMp3Mpeg1MinRate) {
        const bool mpeg2 = audio.sampleRate >= kMp3Mpeg2MinRate;
        const int maxKbps = mpeg2 ? kMp3Mpeg2MaxKbps : kMp3Mpeg25MaxKbps;
        if (kbps > maxKbps)
            fail(std::string(mpeg2 ? "MPEG-2" : "MPEG-2.5") + " Layer III at " + std::to_string(audio.sampleRate) +
                 " Hz carries at most " + std::to_string(maxKbps) + " kbps");
    }
    if (spec.format == LossyFormat::Aac) {
        const std::int64_t maxBitsPerSecond =
            std::int64_t(kAacMaxBitsPerChannelFrame) * audio.channels * audio.sampleRate / kAacFrameSamples;
        if (std::int64_t(kbps) * 1000 > maxBitsPerSecond)
            fail("AAC at " + std::to_string(audio.sampleRate) + " Hz with " + std::to_string(audio.channels) +
                 (audio.channels == 1 ? " channel" : " channels") + " carries at most " +
                 std::to_string(maxBitsPerSecond / 1000) + " kbps");
    }
}

/// One round trip through one codec at the buffer's own rate.
class RoundTripSession {
public:
    RoundTripSession(const AudioBuffer& audio, const FormatSpec& spec, int kbps)
        : m_audio(audio), m_spec(spec), m_kbps(kbps)
    {
    }

    AudioBuffer run();

private:
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw Error(std::string(m_spec.name) + " " + std::to_string(m_kbps) + " kbps: " + problem);
    }

    void openEncoder();
    void openDecoder();
    void encodeAll();
    void fillFrame(AVFrame& frame, std::int64_t firstFrame, int frames) const;
    void encode(const AVFrame* frame);
    void decode(const AVPacket* packet);
    void appendFrame(const AVFrame& frame);

    const AudioBuffer& m_audio;
    const FormatSpec& m_spec;
    int m_kbps;

    CodecPtr m_encoder;
    CodecPtr m_decoder;
    PacketPtr m_packet;
    FramePtr m_decoded;
    std::int64_t m_firstPts = AV_NOPTS_VALUE; ///< of the first decoded sample, in 1/rate
    std::vector<float> m_out; ///< everything the decoder gave, interleaved
};

void RoundTripSession::openEncoder()
{
    const AVCodec* encoder = avcodec_find_encoder_by_name(m_spec.encoder);
    if (!encoder) fail(std::string("this FFmpeg build lacks the ") + m_spec.encoder + " encoder");

    AVSampleFormat sampleFormat = AV_SAMPLE_FMT_NONE;
    for (const AVSampleFormat* f = encoder->sample_fmts; f && *f != AV_SAMPLE_FMT_NONE; ++f) {
        if (*f == AV_SAMPLE_FMT_FLTP) { sampleFormat = *f; break; }
        if (*f == AV_SAMPLE_FMT_FLT) sampleFormat = *f;
    }
    if (sampleFormat == AV_SAMPLE_FMT_NONE)
        fail(std::string("the ") + encoder->name + " encoder takes no float samples");

    if (encoder->supported_samplerates) {
        bool supported = false;
        std::string rates;
        for (const int* r = encoder->supported_samplerates; *r != 0; ++r) {
            supported = supported || *r == m_audio.sampleRate;
            rates += (rates.empty() ? "" : ", ") + std::to_string(*r);
        }
        if (!supported)
            fail(std::string("the ") + encoder->name + " encoder cannot take " + std::to_string(m_audio.sampleRate) +
                 " Hz (it takes " + rates + " Hz)");
    }

    m_encoder.reset(avcodec_alloc_context3(encoder));
    if (!m_encoder) fail("out of memory");
    m_encoder->sample_fmt = sampleFormat;
    m_encoder->sample_rate = m_audio.sampleRate;
    m_encoder->time_base = AVRational{1, m_audio.sampleRate};
    m_encoder->bit_rate = std::int64_t(m_kbps) * 1000;
    m_encoder->thread_count = 1;
    m_encoder->flags |= AV_CODEC_FLAG_BITEXACT | AV_CODEC_FLAG_GLOBAL_HEADER;
    ffmpeg::ChannelLayout layout(m_audio.channels);
    int rc = av_channel_layout_copy(&m_encoder->ch_layout, layout.get());
    if (rc < 0) fail("cannot set the channel layout (" + ffmpeg::errorText(rc) + ")");
    rc = avcodec_open2(m_encoder.get(), encoder, nullptr);
    if (rc < 0)
        fail(std::string("the ") + encoder->name + " encoder refuses " + std::to_string(m_audio.sampleRate) + " Hz " +
             (m_audio.channels == 1 ? "mono" : "stereo") + " at this bitrate (" + ffmpeg::errorText(rc) + ")");
}

void RoundTripSession::openDecoder()
{
    const AVCodec* decoder = avcodec_find_decoder_by_name(m_spec.decoder);
    if (!decoder || decoder->id != m_spec.codec) decoder = avcodec_find_decoder(m_spec.codec);
    if (!decoder) fail(std::string("this FFmpeg build lacks a ") + avcodec_get_name(m_spec.codec) + " decoder");

    m_decoder.reset(avcodec_alloc_context3(decoder));
    if (!m_decoder) fail("out of memory");
    m_decoder->sample_rate = m_encoder->sample_rate;
    int rc = av_channel_layout_copy(&m_decoder->ch_layout, &m_encoder->ch_layout);
    if (rc < 0) fail("cannot set the channel layout (" + ffmpeg::errorText(rc) + ")");
    if (m_encoder->extradata_size > 0) {
        // Codec setup (Vorbis and Opus headers, AAC's AudioSpecificConfig) as a container
        // would carry it.
        m_decoder->extradata =
            static_cast<std::uint8_t*>(av_mallocz(std::size_t(m_encoder->extradata_size) + AV_INPUT_BUFFER_PADDING_SIZE));
        if (!m_decoder->extradata) fail("out of memory");
        std::memcpy(m_decoder->extradata, m_encoder->extradata, std::size_t(m_encoder->extradata_size));
        m_decoder->extradata_size = m_encoder->extradata_size;
    }
    m_decoder->pkt_timebase = m_encoder->time_base;
    m_decoder->thread_count = 1;
    m_decoder->flags |= AV_CODEC_FLAG_BITEXACT;
    // Every sample comes out; the priming is cut below, from the encoder's own count.
    m_decoder->flags2 |= AV_CODEC_FLAG2_SKIP_MANUAL;
    rc = avcodec_open2(m_decoder.get(), decoder, nullptr);
    if (rc < 0) fail(std::string("cannot open the ") + decoder->name + " decoder (" + ffmpeg::errorText(rc) + ")");
}

void RoundTripSession::fillFrame(AVFrame& frame, std::int64_t firstFrame, int frames) const
{
    const int channels = m_audio.channels;
    const float* src = m_audio.samples.data() + std::size_t(firstFrame) * std::size_t(channels);
    if (frame.format == AV_SAMPLE_FMT_FLT) {
        std::memcpy(frame.data[0], src, std::size_t(frames) * std::size_t(channels) * sizeof(float));
        return;
    }
    for (int c = 0; c < channels; ++c) {
        auto* dst = reinterpret_cast<float*>(frame.extended_data[c]);
        for (int i = 0; i < frames; ++i) dst[i] = src[std::size_t(i) * std::size_t(channels) + std::size_t(c)];
    }
}

void RoundTripSession::encode(const AVFrame* frame)
{
    int rc = avcodec_send_frame(m_encoder.get(), frame);
    if (rc < 0) fail("encoding failed (" + ffmpeg::errorText(rc) + ")");
    for (;;) {
        rc = avcodec_receive_packet(m_encoder.get(), m_packet.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) fail("encoding failed (" + ffmpeg::errorText(rc) + ")");
        decode(m_packet.get());
        av_packet_unref(m_packet.get());
    }
}

void RoundTripSession::decode(const AVPacket* packet)
{
    int rc = avcodec_send_packet(m_decoder.get(), packet);
    if (rc < 0 && !(packet == nullptr && rc == AVERROR_EOF)) fail("decoding failed (" + ffmpeg::errorText(rc) + ")");
    for (;;) {
        rc = avcodec_receive_frame(m_decoder.get(), m_decoded.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) fail("decoding failed (" + ffmpeg::errorText(rc) + ")");
        appendFrame(*m_decoded);
        av_frame_unref(m_decoded.get());
    }
}

void RoundTripSession::appendFrame(const AVFrame& frame)
{
    if (frame.nb_samples <= 0) return;
    if (m_out.empty()) m_firstPts = frame.pts;
    const int channels = m_audio.channels;
    if (frame.ch_layout.nb_channels != channels || frame.sample_rate != m_encoder->sample_rate)
        fail("the decoder changed the channel count or sample rate");
    const std::size_t old = m_out.size();
    const auto n = std::size_t(frame.nb_samples);
    m_out.resize(old + n * std::size_t(channels));
    float* dst = m_out.data() + old;
    switch (AVSampleFormat(frame.format)) {
    case AV_SAMPLE_FMT_FLT: std::memcpy(dst, frame.data[0], n * std::size_t(channels) * sizeof(float)); break;
    case AV_SAMPLE_FMT_FLTP:
        for (int c = 0; c < channels; ++c) {
            const auto* src = reinterpret_cast<const float*>(frame.extended_data[c]);
            for (std::size_t i = 0; i < n; ++i) dst[i * std::size_t(channels) + std::size_t(c)] = src[i];
        }
        break;
    case AV_SAMPLE_FMT_S16:
    case AV_SAMPLE_FMT_S16P: {
        const bool planar = frame.format == AV_SAMPLE_FMT_S16P;
        for (int c = 0; c < channels; ++c) {
            const auto* src = reinterpret_cast<const std::int16_t*>(frame.extended_data[planar ? c : 0]);
            for (std::size_t i = 0; i < n; ++i) {
                const std::int16_t s = planar ? src[i] : src[i * std::size_t(channels) + std::size_t(c)];
                dst[i * std::size_t(channels) + std::size_t(c)] = float(s) / 32768.0f;
            }
        }
        break;
    }
    default:
        fail(std::string("unexpected decoded sample format ") +
             (av_get_sample_fmt_name(AVSampleFormat(frame.format)) ? av_get_sample_fmt_name(AVSampleFormat(frame.format))
                                                                   : "?"));
    }
}

void RoundTripSession::encodeAll()
{
    // Fixed-size encoders get whole frames, the last shorter (libavcodec pads it with
    // silence where the encoder needs a whole frame); the final send drains the encoder
    // (its look-ahead and the padded last frame).
    ffmpeg::feedEncoder(
        *m_encoder, m_audio.frameCount(), 4096,
        [this](AVFrame& frame, std::int64_t first, int count) { fillFrame(frame, first, count); },
        [this](const AVFrame* frame) { encode(frame); }, [this](const std::string& text) { fail(text); });
    decode(nullptr); // drain the decoder too
}

AudioBuffer RoundTripSession::run()
{
    ffmpeg::silenceLog();
    openEncoder();
    openDecoder();
    m_packet.reset(av_packet_alloc());
    m_decoded.reset(av_frame_alloc());
    if (!m_packet || !m_decoded) fail("out of memory");
    const std::int64_t frames = m_audio.frameCount();
    m_out.reserve(std::size_t(frames + 8192) * std::size_t(m_audio.channels));
    encodeAll();

    // The decoded stream starts at the first decoded frame's time stamp, in the input's
    // time line (1/rate): the encoder stamps its first packet -initial_padding; a decoder
    // that swallows the priming itself (FFmpeg's Vorbis decoder drops the first packet's
    // output, as the Vorbis spec says) starts later, at 0. Whatever lies before 0 is priming.
    const int channels = m_audio.channels;
    const std::int64_t decoded = std::int64_t(m_out.size()) / channels;
    const std::int64_t padding = std::max(0, m_encoder->initial_padding);
    const std::int64_t priming = m_firstPts == AV_NOPTS_VALUE ? padding : -m_firstPts;
    if (priming < 0 || priming > padding)
        fail("the decoder's first sample is at " + std::to_string(-priming) + ", outside the encoder's " +
             std::to_string(padding) + " samples of priming");
    if (decoded < priming + frames)
        fail("the decoder returned " + std::to_string(decoded) + " frames for " + std::to_string(frames) +
             " frames and " + std::to_string(priming) + " frames of priming");

    AudioBuffer out;
    out.sampleRate = m_audio.sampleRate;
    out.channels = channels;
    const auto begin = m_out.begin() + std::ptrdiff_t(priming * channels);
    out.samples.assign(begin, begin + std::ptrdiff_t(frames * channels));
    return out;
}

} // namespace

AudioBuffer LossyCodec::roundTrip(const AudioBuffer& audio, LossyFormat format, int bitrateKbps)
{
    const FormatSpec& spec = specFor(format);
    validate(audio, spec, bitrateKbps, [&](const std::string& problem) {
        throw Error(std::string(spec.name) + " " + std::to_string(bitrateKbps) + " kbps: " + problem);
    });
    if (format != LossyFormat::Opus || audio.sampleRate == kOpusRate)
        return RoundTripSession(audio, spec, bitrateKbps).run();

    // Opus codes at 48 kHz only: there and back, then exactly the input's length.
    const AudioBuffer up = Resampler::convert(audio, kOpusRate, audio.channels);
    AudioBuffer back = Resampler::convert(RoundTripSession(up, spec, bitrateKbps).run(), audio.sampleRate, audio.channels);
    back.samples.resize(audio.samples.size(), 0.0f);
    return back;
}

const char* LossyCodec::name(LossyFormat format)
{
    return specFor(format).name;
}

LossyFormat LossyCodec::fromName(const std::string& name)
{
    std::string valid;
    for (const FormatSpec& spec : kFormats) {
        if (name == spec.name) return spec.format;
        valid += (valid.empty() ? "" : ", ") + std::string(spec.name);
    }
    throw Error("unknown lossy format \"" + name + "\" (valid: " + valid + ")");
}

} // namespace emotrace
