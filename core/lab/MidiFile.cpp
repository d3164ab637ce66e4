#include "lab/MidiFile.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <deque>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>

#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

constexpr int kTicksPerQuarter = 480;
constexpr int kPercussionChannel = 9;
constexpr int kDefaultBendRange = 2; // semitones, the GM default and what we write
constexpr std::uint64_t kMaxTick = 0x0FFFFFFF; // largest 4-byte variable-length quantity
const std::string kStemPrefix = "emotrace:stem=";

// ---------------------------------------------------------------- writing

struct TrackEvent {
    std::uint64_t tick = 0;
    int order = 0; // at equal ticks: 0 set-up, 1 note off, 2 note on (so a repeated pitch re-strikes)
    std::vector<std::uint8_t> data;
};

void putVlq(std::vector<std::uint8_t>& out, std::uint64_t value)
{
    std::array<std::uint8_t, 5> tmp{};
    int n = 0;
    tmp[std::size_t(n++)] = std::uint8_t(value & 0x7F);
    while ((value >>= 7) != 0) tmp[std::size_t(n++)] = std::uint8_t(0x80 | (value & 0x7F));
    while (n > 0) out.push_back(tmp[std::size_t(--n)]);
}

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(std::uint8_t((v >> shift) & 0xFF));
}

void putU16(std::vector<std::uint8_t>& out, std::uint32_t v)
{
    out.push_back(std::uint8_t((v >> 8) & 0xFF));
    out.push_back(std::uint8_t(v & 0xFF));
}

std::vector<std::uint8_t> meta(std::uint8_t type, const std::string& text)
{
    std::vector<std::uint8_t> d{0xFF, type};
    putVlq(d, text.size());
    d.insert(d.end(), text.begin(), text.end());
    return d;
}

void appendTrack(std::vector<std::uint8_t>& file, std::vector<TrackEvent> events, std::uint64_t endTick)
{
    std::stable_sort(events.begin(), events.end(),
                     [](const TrackEvent& a, const TrackEvent& b) { return a.tick != b.tick ? a.tick < b.tick : a.order < b.order; });
    std::vector<std::uint8_t> body;
    std::uint64_t now = 0;
    for (const auto& e : events) {
        putVlq(body, e.tick - now);
        now = e.tick;
        body.insert(body.end(), e.data.begin(), e.data.end());
    }
    putVlq(body, std::max(endTick, now) - now);
    body.insert(body.end(), {0xFF, 0x2F, 0x00});
    file.insert(file.end(), {'M', 'T', 'r', 'k'});
    putU32(file, std::uint32_t(body.size()));
    file.insert(file.end(), body.begin(), body.end());
}

void checkRange(int value, int lo, int hi, const std::string& what)
{
    if (value < lo || value > hi)
        throw Error("MIDI: " + what + " = " + std::to_string(value) + " is outside " + std::to_string(lo) + ".." + std::to_string(hi));
}

// ---------------------------------------------------------------- reading

class ByteReader {
public:
    ByteReader(std::span<const std::uint8_t> bytes, std::size_t begin, std::size_t end, std::string where)
        : m_bytes(bytes), m_pos(begin), m_end(end), m_where(std::move(where))
    {
    }
    bool atEnd() const { return m_pos >= m_end; }
    std::size_t pos() const { return m_pos; }
    [[noreturn]] void fail(const std::string& problem) const
    {
        throw Error(m_where + ": " + problem + " at byte " + std::to_string(m_pos));
    }
    std::uint8_t u8()
    {
        if (m_pos >= m_end) fail("truncated event (unexpected end of track)");
        return m_bytes[m_pos++];
    }
    std::uint8_t peek() const
    {
        if (m_pos >= m_end) fail("truncated event (unexpected end of track)");
        return m_bytes[m_pos];
    }
    std::uint32_t vlq()
    {
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint8_t b = u8();
            v = (v << 7) | (b & 0x7F);
            if ((b & 0x80) == 0) return v;
        }
        fail("variable-length quantity longer than 4 bytes");
    }
    std::span<const std::uint8_t> take(std::size_t n)
    {
        if (n > m_end - m_pos) fail("event data runs past the end of the track (" + std::to_string(n) + " bytes wanted)");
        const auto s = m_bytes.subspan(m_pos, n);
        m_pos += n;
        return s;
    }

private:
    std::span<const std::uint8_t> m_bytes;
    std::size_t m_pos;
    std::size_t m_end;
    std::string m_where;
};

std::uint32_t bigEndian(std::span<const std::uint8_t> b)
{
    std::uint32_t v = 0;
    for (auto x : b) v = (v << 8) | x;
    return v;
}

struct RawNote {
    std::uint64_t on = 0;
    std::uint64_t off = 0;
    int pitch = 0;
    int velocity = 0;
};

/// Controller state of one channel within one track.
struct ChannelState {
    int program = 0;
    int volume = 100;
    int pan = 64;
    int reverb = 40;
    int chorus = 0;
    int bend = 8192;
    int rpnMsb = 127, rpnLsb = 127; // 127/127 = null RPN
    int bendSemitones = kDefaultBendRange;
    int bendCents = 0;
};

/// Collects one (track, channel) while its track is parsed.
struct PartBuilder {
    int track = 0;
    int channel = 0;
    ChannelState state;
    std::optional<ChannelState> atFirstNote; // controllers in force at the first note
    std::map<int, std::deque<std::pair<std::uint64_t, int>>> open; // pitch -> FIFO of (tick, velocity)
    std::vector<RawNote> notes;
};

struct TrackInfo {
    std::string name;
    std::optional<Stem> stem; // from an EmoTrace text event
    std::uint64_t endTick = 0;
};

std::optional<Stem> stemFromName(const std::string& name)
{
    for (Stem s : allStems())
        if (name == stemName(s)) return s;
    return std::nullopt;
}

/// Piecewise-linear tick -> seconds map.
class TempoMap {
public:
    TempoMap(int division, std::vector<std::pair<std::uint64_t, std::uint32_t>> changes) : m_division(division)
    {
        if (division < 0) { // SMPTE: -fps in the high byte, ticks per frame in the low byte
            const int fps = -(static_cast<std::int16_t>(division) >> 8);
            const int perFrame = division & 0xFF;
            m_ticksPerSecond = (fps == 29 ? 29.97 : double(fps)) * perFrame;
            return;
        }
        std::stable_sort(changes.begin(), changes.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        m_segments.push_back({0, 500000, 0.0});
        for (const auto& [tick, us] : changes) {
            auto& last = m_segments.back();
            if (tick == last.tick) {
                last.us = us; // a later change at the same tick wins
                continue;
            }
            m_segments.push_back({tick, us, last.seconds + span(last, tick)});
        }
    }
    double seconds(std::uint64_t tick) const
    {
        if (m_ticksPerSecond > 0.0) return double(tick) / m_ticksPerSecond;
        auto it = std::upper_bound(m_segments.begin(), m_segments.end(), tick,
                                   [](std::uint64_t t, const Segment& s) { return t < s.tick; });
        const auto& s = *std::prev(it);
        return s.seconds + span(s, tick);
    }
    /// Beats per minute at tick 0 (120 for SMPTE files without tempo).
    double initialTempo() const { return m_segments.empty() ? 120.0 : 60e6 / double(m_segments.front().us); }

private:
    struct Segment {
        std::uint64_t tick;
        std::uint32_t us; // per quarter note
        double seconds;   // at tick
    };
    double span(const Segment& s, std::uint64_t tick) const
    {
        // one product and one division: exact for times on the tick grid of one tempo
        return double(tick - s.tick) * double(s.us) / (double(m_division) * 1e6);
    }
    int m_division;
    double m_ticksPerSecond = 0.0;
    std::vector<Segment> m_segments;
};

} // namespace

Stem MidiFile::guessStem(int program, bool percussion)
{
    if (percussion) return Stem::Drums;
    if (program >= 32 && program <= 39) return Stem::Bass;
    if (program >= 0 && program <= 7) return Stem::Piano;
    if (program >= 52 && program <= 54) return Stem::Vocals;
    return Stem::Other;
}

std::vector<std::uint8_t> MidiFile::encode(const Score& score)
{
    if (!std::isfinite(score.nominalTempo) || score.nominalTempo < 4.0 || score.nominalTempo > 1000.0)
        throw Error("MIDI: tempo " + std::to_string(score.nominalTempo) + " bpm is outside 4..1000");
    checkRange(score.beatsPerBar, 1, 255, "beats per bar");
    if (!std::isfinite(score.durationSeconds) || score.durationSeconds < 0.0)
        throw Error("MIDI: duration " + std::to_string(score.durationSeconds) + " s is not a time");
    const auto us = std::uint32_t(std::lround(60e6 / score.nominalTempo));
    const auto toTick = [us](double seconds, const std::string& what) {
        if (!std::isfinite(seconds) || seconds < 0.0) throw Error("MIDI: " + what + " " + std::to_string(seconds) + " s is not a time");
        const double t = std::round(seconds * (double(kTicksPerQuarter) * 1e6) / double(us));
        if (t > double(kMaxTick)) throw Error("MIDI: " + what + " " + std::to_string(seconds) + " s is too late for a MIDI file");
        return std::uint64_t(t);
    };

    if (score.parts.size() + 1 > 0xFFFF) throw Error("MIDI: too many parts");
    std::vector<std::uint8_t> file{'M', 'T', 'h', 'd'};
    putU32(file, 6);
    putU16(file, 1);
    putU16(file, std::uint32_t(score.parts.size() + 1));
    putU16(file, kTicksPerQuarter);

    std::vector<TrackEvent> conductor;
    conductor.push_back({0, 0, meta(0x03, "conductor")});
    conductor.push_back({0, 0, {0xFF, 0x51, 0x03, std::uint8_t(us >> 16), std::uint8_t((us >> 8) & 0xFF), std::uint8_t(us & 0xFF)}});
    conductor.push_back({0, 0, {0xFF, 0x58, 0x04, std::uint8_t(score.beatsPerBar), 2, 24, 8}});
    appendTrack(file, std::move(conductor), toTick(score.durationSeconds, "duration"));

    int nextMelodic = 0;
    for (std::size_t i = 0; i < score.parts.size(); ++i) {
        const Part& p = score.parts[i];
        const std::string what = "part " + std::to_string(i + 1) + " (" + p.name + ")";
        int channel = kPercussionChannel;
        if (!p.percussion) {
            if (nextMelodic == kPercussionChannel) ++nextMelodic;
            if (nextMelodic > 15) throw Error("MIDI: " + what + ": more than 15 melodic parts do not fit on 16 channels");
            channel = nextMelodic++;
        }
        checkRange(p.program, 0, 127, what + " program");
        checkRange(p.volume, 0, 127, what + " volume");
        checkRange(p.pan, 0, 127, what + " pan");
        checkRange(p.reverb, 0, 127, what + " reverb");
        checkRange(p.chorus, 0, 127, what + " chorus");
        if (!std::isfinite(p.detuneCents) || std::fabs(p.detuneCents) > 100.0 * kDefaultBendRange)
            throw Error("MIDI: " + what + " detune " + std::to_string(p.detuneCents) + " cents is outside +-200");
        const auto ch = std::uint8_t(channel);
        const auto cc = [ch](int number, int value) {
            return TrackEvent{0, 0, {std::uint8_t(0xB0 | ch), std::uint8_t(number), std::uint8_t(value)}};
        };
        std::vector<TrackEvent> ev;
        ev.push_back({0, 0, meta(0x03, p.name)});
        ev.push_back({0, 0, meta(0x01, kStemPrefix + stemName(p.stem))});
        ev.push_back({0, 0, {std::uint8_t(0xC0 | ch), std::uint8_t(p.program)}});
        ev.push_back(cc(7, p.volume));
        ev.push_back(cc(10, p.pan));
        ev.push_back(cc(91, p.reverb));
        ev.push_back(cc(93, p.chorus));
        // RPN 0,0 (pitch-bend sensitivity) = 2 semitones 0 cents, then the null RPN so
        // that later data entries change nothing.
        for (auto [n, v] : {std::pair{101, 0}, {100, 0}, {6, kDefaultBendRange}, {38, 0}, {101, 127}, {100, 127}}) ev.push_back(cc(n, v));
        const int bend = std::clamp(int(std::lround(8192.0 + p.detuneCents / (100.0 * kDefaultBendRange) * 8192.0)), 0, 16383);
        ev.push_back({0, 0, {std::uint8_t(0xE0 | ch), std::uint8_t(bend & 0x7F), std::uint8_t(bend >> 7)}});
        std::uint64_t last = 0;
        for (const Note& n : p.notes) {
            checkRange(n.pitch, 0, 127, what + " pitch");
            checkRange(n.velocity, 1, 127, what + " velocity");
            if (!std::isfinite(n.duration) || n.duration <= 0.0)
                throw Error("MIDI: " + what + " note duration " + std::to_string(n.duration) + " s is not positive");
            const auto on = toTick(n.onset, what + " onset");
            const auto off = std::max(on + 1, toTick(n.onset + n.duration, what + " note end"));
            ev.push_back({on, 2, {std::uint8_t(0x90 | ch), std::uint8_t(n.pitch), std::uint8_t(n.velocity)}});
            ev.push_back({off, 1, {std::uint8_t(0x80 | ch), std::uint8_t(n.pitch), 0}});
            last = std::max(last, off);
        }
        appendTrack(file, std::move(ev), last);
    }
    return file;
}

Score MidiFile::decode(std::span<const std::uint8_t> bytes, const std::string& source)
{
    const auto fail = [&source](const std::string& problem) { throw Error(source + ": " + problem); };
    if (bytes.empty()) fail("empty file");
    if (bytes.size() < 4 || !std::equal(bytes.begin(), bytes.begin() + 4, "MThd"))
        fail("not a Standard MIDI File (no MThd header)");
    if (bytes.size() < 14) fail("truncated MIDI header");
    const std::uint32_t headerLength = bigEndian(bytes.subspan(4, 4));
    if (headerLength < 6) fail("MIDI header length " + std::to_string(headerLength) + " is below 6");
    if (headerLength > bytes.size() - 8) fail("MIDI header length " + std::to_string(headerLength) + " runs past the end of the file");
    const auto format = bigEndian(bytes.subspan(8, 2));
    const auto trackCount = bigEndian(bytes.subspan(10, 2));
    const auto division = static_cast<std::int16_t>(bigEndian(bytes.subspan(12, 2)));
    if (format == 2) fail("SMF type 2 (independent sequences) is not supported");
    if (format > 2) fail("unknown SMF type " + std::to_string(format));
    if (trackCount == 0) fail("the header announces no tracks");
    if (format == 0 && trackCount != 1) fail("SMF type 0 with " + std::to_string(trackCount) + " tracks");
    if (division == 0) fail("division of 0 ticks per quarter note");
    if (division < 0) {
        const int fps = -(division >> 8);
        if ((fps != 24 && fps != 25 && fps != 29 && fps != 30) || (division & 0xFF) == 0)
            fail("bad SMPTE division " + std::to_string(fps) + " fps, " + std::to_string(division & 0xFF) + " ticks per frame");
    }

    std::vector<std::pair<std::uint64_t, std::uint32_t>> tempoChanges;
    std::optional<std::pair<std::uint64_t, int>> timeSignature; // earliest (tick, numerator)
    std::vector<TrackInfo> tracks;
    std::vector<PartBuilder> builders; // in order of first appearance

    std::size_t pos = 8 + headerLength;
    std::size_t chunkIndex = 0;
    while (tracks.size() < trackCount) {
        if (bytes.size() - pos < 8)
            fail("the header announces " + std::to_string(trackCount) + " tracks but the file ends after " + std::to_string(tracks.size())
                 + (pos < bytes.size() ? " (truncated chunk header at byte " + std::to_string(pos) + ")" : ""));
        ++chunkIndex;
        const auto id = bytes.subspan(pos, 4);
        const std::uint32_t length = bigEndian(bytes.subspan(pos + 4, 4));
        if (length > bytes.size() - pos - 8)
            fail("chunk " + std::to_string(chunkIndex) + " at byte " + std::to_string(pos) + " claims " + std::to_string(length)
                 + " bytes but only " + std::to_string(bytes.size() - pos - 8) + " remain (truncated or wrong chunk length)");
        const std::size_t begin = pos + 8;
        pos = begin + length;
        if (!std::equal(id.begin(), id.end(), "MTrk")) continue; // unknown chunks are skipped by the standard

        const int trackIndex = int(tracks.size());
        TrackInfo info;
        ByteReader r(bytes, begin, begin + length, source + ": track " + std::to_string(trackIndex + 1));
        std::array<int, 16> builderOf{};
        builderOf.fill(-1);
        const auto builder = [&](int channel) -> PartBuilder& {
            if (builderOf[std::size_t(channel)] < 0) {
                builderOf[std::size_t(channel)] = int(builders.size());
                builders.push_back({});
                builders.back().track = trackIndex;
                builders.back().channel = channel;
            }
            return builders[std::size_t(builderOf[std::size_t(channel)])];
        };
        std::uint64_t tick = 0;
        int runningStatus = -1;
        bool ended = false;
        while (!ended) {
            if (r.atEnd()) r.fail("no End of Track event (truncated track or wrong chunk length)");
            tick += r.vlq();
            int status = r.peek();
            if (status & 0x80) {
                r.u8();
            } else {
                if (runningStatus < 0) r.fail("data byte without a status byte (running status not set)");
                status = runningStatus;
            }
            if (status == 0xFF) {
                const int type = r.u8();
                const auto data = r.take(r.vlq());
                if (type == 0x2F) {
                    ended = true;
                } else if (type == 0x51) {
                    if (data.size() != 3) r.fail("tempo event of " + std::to_string(data.size()) + " bytes");
                    const auto usPerQuarter = bigEndian(data);
                    if (usPerQuarter == 0) r.fail("tempo of 0 microseconds per quarter note");
                    tempoChanges.emplace_back(tick, usPerQuarter);
                } else if (type == 0x58) {
                    if (data.size() < 2) r.fail("time signature event of " + std::to_string(data.size()) + " bytes");
                    if (data[0] > 0 && (!timeSignature || tick < timeSignature->first)) timeSignature = std::pair{tick, int(data[0])};
                } else if (type == 0x03 && info.name.empty()) {
                    info.name.assign(data.begin(), data.end());
                } else if (type == 0x01) {
                    const std::string text(data.begin(), data.end());
                    if (text.rfind(kStemPrefix, 0) == 0) info.stem = stemFromName(text.substr(kStemPrefix.size()));
                }
                continue; // meta events leave running status alone (lenient, as most readers)
            }
            if (status == 0xF0 || status == 0xF7) {
                r.take(r.vlq());
                continue;
            }
            if (status >= 0xF0) r.fail("unexpected status byte " + std::to_string(status));
            runningStatus = status;
            const int kind = status & 0xF0;
            const int channel = status & 0x0F;
            const auto dataByte = [&r]() {
                const int b = r.u8();
                if (b & 0x80) r.fail("status byte where a data byte belongs");
                return b;
            };
            const int d1 = dataByte();
            const int d2 = (kind == 0xC0 || kind == 0xD0) ? 0 : dataByte();
            PartBuilder& b = builder(channel);
            ChannelState& s = b.state;
            switch (kind) {
            case 0x90:
                if (d2 > 0) {
                    if (!b.atFirstNote) b.atFirstNote = s;
                    b.open[d1].emplace_back(tick, d2);
                    break;
                }
                [[fallthrough]]; // velocity 0 = note off
            case 0x80: {
                auto it = b.open.find(d1);
                if (it == b.open.end() || it->second.empty()) break; // stray note off
                const auto [on, velocity] = it->second.front();
                it->second.pop_front();
                b.notes.push_back({on, tick, d1, velocity});
                break;
            }
            case 0xB0:
                switch (d1) {
                case 7: s.volume = d2; break;
                case 10: s.pan = d2; break;
                case 91: s.reverb = d2; break;
                case 93: s.chorus = d2; break;
                case 101: s.rpnMsb = d2; break;
                case 100: s.rpnLsb = d2; break;
                case 99:
                case 98: s.rpnMsb = s.rpnLsb = 127; break; // NRPN selected: data entry is not ours
                case 6:
                    if (s.rpnMsb == 0 && s.rpnLsb == 0) s.bendSemitones = d2;
                    break;
                case 38:
                    if (s.rpnMsb == 0 && s.rpnLsb == 0) s.bendCents = d2;
                    break;
                default: break;
                }
                break;
            case 0xC0: s.program = d1; break;
            case 0xE0: s.bend = d1 | (d2 << 7); break;
            default: break; // aftertouch
            }
        }
        info.endTick = tick;
        // notes still sounding at the end of their track stop there
        for (std::size_t c = 0; c < 16; ++c) {
            if (builderOf[c] < 0) continue;
            auto& b = builders[std::size_t(builderOf[c])];
            for (auto& [pitch, queue] : b.open)
                for (const auto& [on, velocity] : queue) b.notes.push_back({on, std::max(tick, on + 1), pitch, velocity});
            b.open.clear();
        }
        tracks.push_back(std::move(info));
    }

    const TempoMap map(division, std::move(tempoChanges));
    Score score;
    score.nominalTempo = map.initialTempo();
    score.beatsPerBar = timeSignature ? timeSignature->second : 4;
    std::uint64_t endTick = 0;
    for (const auto& t : tracks) endTick = std::max(endTick, t.endTick);
    double duration = map.seconds(endTick);
    // Every note ends by its track's end (+1 tick for a zero-length note there): bounding
    // that bounds the song, before anything downstream sizes audio buffers by it.
    if (const double longest = map.seconds(endTick + 1); !(longest <= kMaxSeconds)) {
        char text[200];
        std::snprintf(text, sizeof text, "the score lasts %.1f hours (its last track ends at tick %llu), longer than the %g-hour limit",
                      longest / 3600.0, static_cast<unsigned long long>(endTick), kMaxSeconds / 3600.0);
        fail(text);
    }

    std::vector<int> channelsWithNotes(tracks.size(), 0);
    for (const auto& b : builders)
        if (!b.notes.empty()) ++channelsWithNotes[std::size_t(b.track)];
    for (const auto& b : builders) {
        const TrackInfo& t = tracks[std::size_t(b.track)];
        if (b.notes.empty() && !t.stem) continue; // controller-only channels of foreign files
        const ChannelState& s = b.atFirstNote ? *b.atFirstNote : b.state;
        Part p;
        p.percussion = b.channel == kPercussionChannel;
        p.program = s.program;
        p.volume = s.volume;
        p.pan = s.pan;
        p.reverb = s.reverb;
        p.chorus = s.chorus;
        p.detuneCents = double(s.bend - 8192) / 8192.0 * (100.0 * s.bendSemitones + s.bendCents);
        p.stem = t.stem ? *t.stem : guessStem(p.program, p.percussion);
        if (t.name.empty())
            p.name = "channel " + std::to_string(b.channel + 1);
        else if (channelsWithNotes[std::size_t(b.track)] > 1)
            p.name = t.name + " ch " + std::to_string(b.channel + 1);
        else
            p.name = t.name;
        p.notes.reserve(b.notes.size());
        for (const RawNote& n : b.notes) {
            const double on = map.seconds(n.on);
            const double off = map.seconds(std::max(n.off, n.on + 1)); // a zero-length note keeps one tick
            p.notes.push_back({on, off - on, n.pitch, n.velocity});
            duration = std::max(duration, off);
        }
        std::sort(p.notes.begin(), p.notes.end(),
                  [](const Note& a, const Note& c) { return a.onset != c.onset ? a.onset < c.onset : a.pitch < c.pitch; });
        score.parts.push_back(std::move(p));
    }
    score.durationSeconds = duration;
    return score;
}

void MidiFile::write(const std::filesystem::path& path, const Score& score)
{
    std::vector<std::uint8_t> bytes;
    try {
        bytes = encode(score);
    } catch (const Error& e) {
        throw Error(path.string() + ": " + e.what());
    }
    AtomicFile file(path);
    file.stream().write(reinterpret_cast<const char*>(bytes.data()), std::streamsize(bytes.size()));
    file.commit();
}

Score MidiFile::read(const std::filesystem::path& path)
{
    // Look before opening: reading a FIFO or a device would block or never end.
    const auto fail = [&path](const std::string& problem) { throw Error(path.string() + ": " + problem); };
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) fail("no such file");
    if (ec) fail("cannot access file (" + ec.message() + ")");
    if (status.type() == std::filesystem::file_type::directory) fail("is a directory, not a MIDI file");
    if (status.type() != std::filesystem::file_type::regular) fail("not a regular file");
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) fail("cannot access file (" + ec.message() + ")");
    if (size > kMaxFileBytes)
        fail(std::to_string(size) + " bytes is too large for a MIDI file (the limit is " + std::to_string(kMaxFileBytes >> 20) + " MiB)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open file");
    std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) throw Error(path.string() + ": read error");
    return decode(bytes, path.string());
}

} // namespace emotrace
