#include "audio/AudioDecoder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/log.h>
#include <libavutil/opt.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>
}

#include "audio/FfmpegSupport.h"
#include "util/Error.h"

namespace emotrace {

namespace {

// RAII for the FFmpeg objects; each deleter takes the object FFmpeg's way.
struct FormatCloser {
    void operator()(AVFormatContext* p) const { avformat_close_input(&p); }
};
using FormatPtr = std::unique_ptr<AVFormatContext, FormatCloser>;
using CodecPtr = std::unique_ptr<AVCodecContext, ffmpeg::CodecFreer>;
using PacketPtr = std::unique_ptr<AVPacket, ffmpeg::PacketFreer>;
using FramePtr = std::unique_ptr<AVFrame, ffmpeg::FrameFreer>;
using SwrPtr = std::unique_ptr<SwrContext, ffmpeg::SwrFreer>;

/// Owns an AVDictionary of options; FFmpeg replaces it with the unused entries.
class Dictionary {
public:
    Dictionary() = default;
    Dictionary(const Dictionary&) = delete;
    Dictionary& operator=(const Dictionary&) = delete;
    ~Dictionary() { av_dict_free(&m_dict); }
    void set(const char* key, const char* value) { av_dict_set(&m_dict, key, value, 0); }
    AVDictionary** address() { return &m_dict; }

private:
    AVDictionary* m_dict = nullptr;
};

/// Unrefs a packet when a loop iteration ends, whichever way it ends.
class PacketUnref {
public:
    explicit PacketUnref(AVPacket* packet) : m_packet(packet) {}
    PacketUnref(const PacketUnref&) = delete;
    PacketUnref& operator=(const PacketUnref&) = delete;
    ~PacketUnref() { av_packet_unref(m_packet); }

private:
    AVPacket* m_packet;
};



/// Demuxers that accept any text file (ANSI art and the like) and present it as video.
bool isTextDemuxer(const AVInputFormat* format)
{
    constexpr std::array<std::string_view, 5> names{"tty", "bin", "xbin", "adf", "idf"};
    return format && std::find(names.begin(), names.end(), std::string_view(format->name)) != names.end();
}

/// Bytes of sample data that a RIFF/WAVE header declares in its "data" chunk, or 0 when it
/// does not say (0 or 0xFFFFFFFF: written to a pipe or by a recorder that stopped early).
/// FFmpeg ignores a declared size larger than the file, which hides exactly the
/// truncation this is read for.
std::uint64_t wavDeclaredDataBytes(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    const auto read32 = [&in](std::uint32_t& value) {
        std::array<unsigned char, 4> b{};
        in.read(reinterpret_cast<char*>(b.data()), 4);
        value = std::uint32_t(b[0]) | std::uint32_t(b[1]) << 8 | std::uint32_t(b[2]) << 16 | std::uint32_t(b[3]) << 24;
        return bool(in);
    };
    const auto fourcc = [](const char* id) {
        return std::uint32_t(std::uint8_t(id[0])) | std::uint32_t(std::uint8_t(id[1])) << 8 |
               std::uint32_t(std::uint8_t(id[2])) << 16 | std::uint32_t(std::uint8_t(id[3])) << 24;
    };
    std::uint32_t id = 0, size = 0, wave = 0;
    if (!read32(id) || id != fourcc("RIFF") || !read32(size) || !read32(wave) || wave != fourcc("WAVE")) return 0;
    for (int chunk = 0; chunk < 256 && read32(id) && read32(size); ++chunk) {
        if (id == fourcc("data")) return size == 0xFFFFFFFFu ? 0 : size;
        in.seekg(std::streamoff(size) + std::streamoff(size & 1u), std::ios::cur); // chunks are word aligned
    }
    return 0;
}

/// CRC-32 of Ogg pages: polynomial 0x04C11DB7, not reflected, initial value 0, no final
/// xor (RFC 3533), computed with the page's own CRC field taken as zero.
std::uint32_t oggCrc(const unsigned char* data, std::size_t size)
{
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t r = i << 24;
            for (int bit = 0; bit < 8; ++bit) r = (r & 0x80000000u) ? (r << 1) ^ 0x04C11DB7u : r << 1;
            t[i] = r;
        }
        return t;
    }();
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < size; ++i) {
        const unsigned char byte = (i >= 22 && i < 26) ? 0 : data[i];
        crc = (crc << 8) ^ table[((crc >> 24) ^ byte) & 0xFFu];
    }
    return crc;
}

/// Reads the end of an Ogg file and says why it shows data lost at the end, or returns
/// an empty string when the file ends as a complete Ogg stream does: with whole pages
/// (header, segment table and every segment present, CRC intact) in which every logical
/// bitstream seen there (several in a multiplexed file: audio beside video or skeleton)
/// has its end-of-stream page (header_type flag 0x04). FFmpeg cannot see this: its
/// "end granule" is that of the last page present, so a cut file looks complete.
/// Bytes after the last page that hold no capture pattern (a tag some tools append) are
/// ignored, as players ignore them.
std::string oggTailProblem(const std::filesystem::path& file)
{
    constexpr std::size_t kHeader = 27;
    constexpr std::size_t kMaxPage = kHeader + 255 + 255 * 255; // 65307 bytes
    constexpr std::size_t kWindow = 4 * kMaxPage;               // several whole pages of every stream
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(file, ec);
    if (ec) return "cannot access file (" + ec.message() + ")";
    const std::size_t length = std::size_t(std::min<std::uint64_t>(size, kWindow));
    std::vector<unsigned char> tail(length);
    std::ifstream in(file, std::ios::binary);
    in.seekg(std::streamoff(size - length));
    in.read(reinterpret_cast<char*>(tail.data()), std::streamsize(length));
    if (!in) return "cannot read the end of the file";

    static constexpr std::array<unsigned char, 4> kCapture{'O', 'g', 'g', 'S'};
    enum class Page { Complete, CutShort, Invalid };
    std::size_t pageLength = 0;
    const auto pageAt = [&](std::size_t at) {
        const std::size_t left = length - at;
        if (!std::equal(kCapture.begin(), kCapture.begin() + std::ptrdiff_t(std::min<std::size_t>(left, 4)), tail.begin() + std::ptrdiff_t(at)))
            return Page::Invalid;
        if (left < kHeader) return Page::CutShort; // header (or capture pattern) cut
        if (tail[at + 4] != 0) return Page::Invalid; // stream structure version
        const std::size_t segments = tail[at + 26];
        if (left < kHeader + segments) return Page::CutShort; // segment table cut
        std::size_t body = 0;
        for (std::size_t i = 0; i < segments; ++i) body += tail[at + kHeader + i];
        pageLength = kHeader + segments + body;
        if (left < pageLength) return Page::CutShort; // segments cut
        const std::uint32_t stored = std::uint32_t(tail[at + 22]) | std::uint32_t(tail[at + 23]) << 8 |
                                     std::uint32_t(tail[at + 24]) << 16 | std::uint32_t(tail[at + 25]) << 24;
        return oggCrc(tail.data() + at, pageLength) == stored ? Page::Complete : Page::Invalid;
    };
    const auto nextCapture = [&](std::size_t from) {
        for (std::size_t at = from; at + 4 <= length; ++at)
            if (tail[at] == 'O' && pageAt(at) != Page::Invalid) return at;
        return length;
    };

    std::vector<std::pair<std::uint32_t, bool>> streams; // serial, end-of-stream page seen
    bool damaged = false;
    std::size_t at = nextCapture(0);
    while (at < length) {
        const Page page = pageAt(at);
        if (page == Page::CutShort) return "truncated file (the last Ogg page is cut short)";
        if (page == Page::Invalid) { // a damaged page, or bytes after the last page: resynchronise
            damaged = damaged || (length - at >= 4 && std::equal(kCapture.begin(), kCapture.end(), tail.begin() + std::ptrdiff_t(at)));
            at = nextCapture(at + 1);
            continue;
        }
        const std::uint32_t serial = std::uint32_t(tail[at + 14]) | std::uint32_t(tail[at + 15]) << 8 |
                                     std::uint32_t(tail[at + 16]) << 16 | std::uint32_t(tail[at + 17]) << 24;
        const bool endOfStream = (tail[at + 5] & 0x04) != 0;
        auto it = std::find_if(streams.begin(), streams.end(), [serial](const auto& s) { return s.first == serial; });
        if (it == streams.end()) streams.emplace_back(serial, endOfStream);
        else it->second = it->second || endOfStream;
        at += pageLength;
    }
    if (streams.empty()) return "truncated or corrupt data (no intact Ogg page at the end of the file)";
    for (const auto& [serial, ended] : streams)
        if (!ended)
            return damaged ? "truncated or corrupt data (an Ogg stream ends without its last page; a page near the end is damaged)"
                           : "truncated file (an Ogg stream ends without its last page)";
    return {};
}

/// Owns an AVChannelLayout (a custom-order layout holds an allocated channel map).
class ChannelLayout {
public:
    ChannelLayout() = default;
    ChannelLayout(const ChannelLayout&) = delete;
    ChannelLayout& operator=(const ChannelLayout&) = delete;
    ~ChannelLayout() { av_channel_layout_uninit(&m_layout); }

    /// The layout as swr wants it: an unordered layout becomes the default order for its
    /// channel count (input and output share it, so the order itself never matters).
    void assignUsable(const AVChannelLayout& layout)
    {
        av_channel_layout_uninit(&m_layout);
        if (layout.order == AV_CHANNEL_ORDER_UNSPEC || av_channel_layout_check(&layout) == 0)
            av_channel_layout_default(&m_layout, layout.nb_channels);
        else if (av_channel_layout_copy(&m_layout, &layout) < 0)
            av_channel_layout_default(&m_layout, layout.nb_channels);
    }
    const AVChannelLayout* get() const { return &m_layout; }
    AVChannelLayout* get() { return &m_layout; } // FFmpeg 5.1's swr API takes non-const

private:
    AVChannelLayout m_layout{};
};

/// One decode call: the open file, the decoder and the growing output.
class DecodeSession {
public:
    DecodeSession(const std::filesystem::path& file, const Progress& progress)
        : m_file(file), m_name(file.string()), m_progress(progress)
    {
    }

    AudioBuffer run();

private:
    [[noreturn]] void fail(const std::string& problem) const { throw Error(m_name + ": " + problem); }

    void checkFile() const;
    void open();
    void openDecoder();
    void readAll();
    void sendPacket(const AVPacket* packet);
    void receiveFrames();
    void appendFrame(const AVFrame& frame);
    void checkSampleValues(const AVFrame& frame) const;
    void flushConverter();
    void checkComplete() const;
    void reportProgress();

    std::filesystem::path m_file;
    std::string m_name;
    const Progress& m_progress;

    FormatPtr m_format;
    CodecPtr m_codec;
    SwrPtr m_swr;
    FramePtr m_frame;
    int m_streamIndex = -1;
    AVStream* m_stream = nullptr;

    // Converter input as configured for the current frames.
    int m_swrFormat = -1;
    ChannelLayout m_swrLayout;

    double m_declaredSeconds = 0.0; // 0 when unknown
    bool m_declaredIsExact = false; // from a header, not estimated from the bit rate
    int m_lastPercent = -1;
    AudioBuffer m_out;
};

void DecodeSession::checkFile() const
{
    std::error_code ec;
    const auto status = std::filesystem::status(m_file, ec);
    if (status.type() == std::filesystem::file_type::not_found) fail("no such file");
    if (ec) fail("cannot access file (" + ec.message() + ")");
    if (status.type() == std::filesystem::file_type::directory) fail("is a directory, not an audio file");
    if (status.type() != std::filesystem::file_type::regular) fail("not a regular file");
    const auto size = std::filesystem::file_size(m_file, ec);
    if (ec) fail("cannot access file (" + ec.message() + ")");
    if (size == 0) fail("empty file (0 bytes)");
}

void DecodeSession::open()
{
    // "file:" so that a name with a colon is never taken for a protocol; the whitelist
    // keeps playlist-like formats from reaching anything but local files.
    Dictionary options;
    options.set("protocol_whitelist", "file");
    const std::string url = "file:" + m_name;
    AVFormatContext* raw = nullptr;
    const int rc = avformat_open_input(&raw, url.c_str(), nullptr, options.address());
    if (rc < 0) {
        if (rc == AVERROR(ENOENT)) fail("no such file");
        if (rc == AVERROR(EACCES) || rc == AVERROR(EPERM)) fail("cannot read file (permission denied)");
        if (rc == AVERROR_EOF) fail("truncated file (ends inside its header)");
        if (rc == AVERROR_INVALIDDATA)
            fail("not a media file, or its header is damaged (" + ffmpeg::errorText(rc) + ")");
        fail("cannot open (" + ffmpeg::errorText(rc) + ")");
    }
    m_format.reset(raw);
    if (isTextDemuxer(m_format->iformat)) fail("not a media file (text)");

    const int info = avformat_find_stream_info(m_format.get(), nullptr);
    if (info == AVERROR_EOF) fail("truncated file (ends inside its header)");
    if (info < 0) fail("not a media file, or damaged (" + ffmpeg::errorText(info) + ")");
}

void DecodeSession::openDecoder()
{
    const AVCodec* decoder = nullptr;
    const int index = av_find_best_stream(m_format.get(), AVMEDIA_TYPE_AUDIO, -1, -1, &decoder, 0);
    if (index == AVERROR_STREAM_NOT_FOUND) {
        if (m_format->nb_streams == 0) fail("not a media file (no streams)");
        fail("no audio stream");
    }
    if (index == AVERROR_DECODER_NOT_FOUND || (index >= 0 && !decoder)) {
        // Name the codec of the first audio stream: all of them lack a decoder.
        const char* codecName = "unknown";
        for (unsigned i = 0; i < m_format->nb_streams; ++i) {
            const AVCodecParameters* par = m_format->streams[i]->codecpar;
            if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
                codecName = avcodec_get_name(par->codec_id);
                break;
            }
        }
        fail(std::string("unsupported audio codec (") + codecName + ")");
    }
    if (index < 0) fail("cannot select audio stream (" + ffmpeg::errorText(index) + ")");
    m_streamIndex = index;
    m_stream = m_format->streams[index];

    // Read only the chosen stream: the demuxer drops the others' packets early.
    for (unsigned i = 0; i < m_format->nb_streams; ++i)
        if (int(i) != index) m_format->streams[i]->discard = AVDISCARD_ALL;

    m_codec.reset(avcodec_alloc_context3(decoder));
    if (!m_codec) fail("out of memory");
    int rc = avcodec_parameters_to_context(m_codec.get(), m_stream->codecpar);
    if (rc < 0) fail("unusable audio stream parameters (" + ffmpeg::errorText(rc) + ")");
    m_codec->pkt_timebase = m_stream->time_base;
    const AVCodecDescriptor* descriptor = avcodec_descriptor_get(decoder->id);
    if (descriptor && (descriptor->props & AV_CODEC_PROP_LOSSLESS))
        m_codec->err_recognition |= AV_EF_CRCCHECK | AV_EF_EXPLODE;
    rc = avcodec_open2(m_codec.get(), decoder, nullptr);
    if (rc < 0) fail(std::string("cannot open ") + decoder->name + " decoder (" + ffmpeg::errorText(rc) + ")");

    // Declared duration: the stream's own (a video track may be longer than its audio);
    // the container's only when the audio is its sole stream.
    if (m_stream->duration != AV_NOPTS_VALUE && m_stream->duration > 0)
        m_declaredSeconds = double(m_stream->duration) * av_q2d(m_stream->time_base);
    else if (m_format->nb_streams == 1 && m_format->duration != AV_NOPTS_VALUE && m_format->duration > 0)
        m_declaredSeconds = double(m_format->duration) / AV_TIME_BASE;
    m_declaredIsExact = m_format->duration_estimation_method != AVFMT_DURATION_FROM_BITRATE;
    const AVCodecParameters& par = *m_stream->codecpar;
    if (std::string_view(m_format->iformat->name) == "wav" && par.block_align > 0 && par.sample_rate > 0) {
        if (const std::uint64_t bytes = wavDeclaredDataBytes(m_file); bytes > 0) {
            m_declaredSeconds = double(bytes / std::uint64_t(par.block_align)) / par.sample_rate;
            m_declaredIsExact = true;
        }
    }

    m_frame.reset(av_frame_alloc());
    if (!m_frame) fail("out of memory");
}

void DecodeSession::readAll()
{
    PacketPtr packet(av_packet_alloc());
    if (!packet) fail("out of memory");
    m_progress.report("decode", 0);
    bool damagedPacketSeen = false;
    for (;;) {
        m_progress.checkCancelled();
        const int rc = av_read_frame(m_format.get(), packet.get());
        if (rc == AVERROR_EOF) break;
        if (rc < 0) fail("truncated or corrupt data (read error: " + ffmpeg::errorText(rc) + ")");
        PacketUnref unref(packet.get());
        if (packet->stream_index != m_streamIndex) continue;
        // Demuxers also flag a short final read as corrupt (a WAV written to a pipe has
        // no data size and ends that way): only damage followed by more data counts here;
        // a damaged tail is decoded and left to the duration check.
        if (damagedPacketSeen) fail("truncated or corrupt data (damaged packet)");
        damagedPacketSeen = (packet->flags & AV_PKT_FLAG_CORRUPT) != 0;
        sendPacket(packet.get());
        reportProgress();
    }
    sendPacket(nullptr); // drain the decoder's delayed frames
    flushConverter();
}

void DecodeSession::sendPacket(const AVPacket* packet)
{
    const int rc = avcodec_send_packet(m_codec.get(), packet);
    if (rc < 0 && rc != AVERROR_EOF) fail("truncated or corrupt data (decoder: " + ffmpeg::errorText(rc) + ")");
    receiveFrames();
}

void DecodeSession::receiveFrames()
{
    for (;;) {
        const int rc = avcodec_receive_frame(m_codec.get(), m_frame.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
        if (rc < 0) fail("truncated or corrupt data (decoder: " + ffmpeg::errorText(rc) + ")");
        appendFrame(*m_frame);
        av_frame_unref(m_frame.get());
    }
}

void DecodeSession::appendFrame(const AVFrame& frame)
{
    if (frame.nb_samples <= 0) return;
    const int channels = frame.ch_layout.nb_channels;
    if (channels <= 0 || frame.sample_rate <= 0) fail("audio stream without channel count or sample rate");
    if (m_out.sampleRate == 0) {
        m_out.sampleRate = frame.sample_rate;
        m_out.channels = channels;
    } else if (frame.sample_rate != m_out.sampleRate || channels != m_out.channels) {
        // One buffer has one rate and channel count; a stream that switches is rare
        // (spliced broadcasts) and resampling it silently would hide the splice.
        fail("sample rate or channel count changes mid-stream (" + std::to_string(m_out.sampleRate) + " Hz x" +
             std::to_string(m_out.channels) + " to " + std::to_string(frame.sample_rate) + " Hz x" +
             std::to_string(channels) + ")");
    }
    checkSampleValues(frame);

    // (Re)configure the converter when the frame's sample format or layout differs from
    // what it was set up for; it only converts the format (same rate, same layout).
    ChannelLayout layout;
    layout.assignUsable(frame.ch_layout);
    if (!m_swr || frame.format != m_swrFormat || av_channel_layout_compare(layout.get(), m_swrLayout.get()) != 0) {
        if (m_swr) flushConverter();
        SwrContext* raw = nullptr;
        int rc = swr_alloc_set_opts2(&raw, layout.get(), AV_SAMPLE_FMT_FLT, frame.sample_rate, layout.get(),
                                     AVSampleFormat(frame.format), frame.sample_rate, 0, nullptr);
        m_swr.reset(raw);
        if (rc >= 0) rc = swr_init(m_swr.get());
        if (rc < 0) fail("cannot convert the decoded sample format (" + ffmpeg::errorText(rc) + ")");
        m_swrFormat = frame.format;
        m_swrLayout.assignUsable(*layout.get());
    }

    const auto old = m_out.samples.size();
    const int capacity = swr_get_out_samples(m_swr.get(), frame.nb_samples);
    if (capacity < 0) fail("sample conversion failed (" + ffmpeg::errorText(capacity) + ")");
    m_out.samples.resize(old + std::size_t(capacity) * std::size_t(channels));
    auto* dst = reinterpret_cast<std::uint8_t*>(m_out.samples.data() + old);
    const int done = swr_convert(m_swr.get(), &dst, capacity, const_cast<const std::uint8_t**>(frame.extended_data),
                                 frame.nb_samples);
    if (done < 0) fail("sample conversion failed (" + ffmpeg::errorText(done) + ")");
    m_out.samples.resize(old + std::size_t(done) * std::size_t(channels));
}

void DecodeSession::checkSampleValues(const AVFrame& frame) const
{
    // Integer PCM cannot leave full scale; float and double samples are read as stored.
    const auto format = AVSampleFormat(frame.format);
    const AVSampleFormat packed = av_get_packed_sample_fmt(format);
    const bool isDouble = packed == AV_SAMPLE_FMT_DBL;
    if (packed != AV_SAMPLE_FMT_FLT && !isDouble) return;
    const int channels = frame.ch_layout.nb_channels;
    const bool planar = av_sample_fmt_is_planar(format) != 0;
    const int planes = planar ? channels : 1;
    const std::size_t stride = planar ? 1 : std::size_t(channels); // values per frame in one plane
    const std::size_t count = std::size_t(frame.nb_samples) * stride;
    double peak = 0.0;
    std::size_t firstBad = count; // value index within its plane
    bool firstBadIsNan = false;
    for (int p = 0; p < planes; ++p) {
        const std::uint8_t* data = frame.extended_data[p];
        for (std::size_t i = 0; i < count && i < firstBad; ++i) {
            const double v = isDouble ? reinterpret_cast<const double*>(data)[i] : double(reinterpret_cast<const float*>(data)[i]);
            if (!std::isfinite(v)) { // the earliest over all planes: the loop stops at firstBad
                firstBad = i;
                firstBadIsNan = std::isnan(v);
                break;
            }
            peak = std::max(peak, std::fabs(v));
        }
    }
    if (firstBad < count)
        fail(std::string("audio contains ") + (firstBadIsNan ? "NaN" : "infinite") + " samples (first at frame " +
             std::to_string(m_out.frameCount() + std::int64_t(firstBad / stride)) + ")");
    if (peak > AudioDecoder::kMaxSampleMagnitude) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "sample values up to %.3g are outside any audio range (full scale is 1; more than %g is refused)",
                      peak, AudioDecoder::kMaxSampleMagnitude);
        fail(text);
    }
}

void DecodeSession::flushConverter()
{
    if (!m_swr) return;
    // Same rate in and out: nothing should be buffered, but drain to be sure.
    for (;;) {
        const int pending = swr_get_out_samples(m_swr.get(), 0);
        if (pending <= 0) return;
        const auto old = m_out.samples.size();
        m_out.samples.resize(old + std::size_t(pending) * std::size_t(m_out.channels));
        auto* dst = reinterpret_cast<std::uint8_t*>(m_out.samples.data() + old);
        const int done = swr_convert(m_swr.get(), &dst, pending, nullptr, 0);
        m_out.samples.resize(old + std::size_t(std::max(done, 0)) * std::size_t(m_out.channels));
        if (done <= 0) return;
    }
}

void DecodeSession::reportProgress()
{
    if (m_declaredSeconds <= 0.0 || m_out.sampleRate <= 0) return;
    const double share = m_out.durationSeconds() / m_declaredSeconds;
    const int percent = std::clamp(int(share * 100.0), 0, 99);
    if (percent != m_lastPercent) {
        m_lastPercent = percent;
        m_progress.report("decode", percent);
    }
}

void DecodeSession::checkComplete() const
{
    if (m_out.frameCount() == 0) fail("no audio samples (zero-length audio)");
    if (m_declaredIsExact && m_declaredSeconds > 0.0) {
        const double decoded = m_out.durationSeconds();
        const double tolerance = AudioDecoder::kTruncationToleranceSeconds +
                                 double(AudioDecoder::kTruncationToleranceFrames) / m_out.sampleRate;
        if (decoded < m_declaredSeconds - tolerance) {
            char text[160];
            std::snprintf(text, sizeof text, "truncated or corrupt data (decoded %.2f s of %.2f s declared)", decoded,
                          m_declaredSeconds);
            fail(text);
        }
    }
}

AudioBuffer DecodeSession::run()
{
    ffmpeg::silenceLog();
    checkFile();
    open();
    // Ogg: FFmpeg takes the last page present for the end, so a cut file looks whole.
    if (std::string_view(m_format->iformat->name) == "ogg")
        if (const std::string problem = oggTailProblem(m_file); !problem.empty()) fail(problem);
    openDecoder();
    readAll();
    checkComplete();
    m_progress.report("decode", 100);
    return std::move(m_out);
}

} // namespace

AudioBuffer AudioDecoder::decode(const std::filesystem::path& file, const Progress& progress)
{
    return DecodeSession(file, progress).run();
}

} // namespace emotrace
