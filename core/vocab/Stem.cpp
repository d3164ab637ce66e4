#include "vocab/Stem.h"

namespace emotrace {

const char* stemName(Stem stem)
{
    switch (stem) {
    case Stem::Vocals: return "vocals";
    case Stem::Drums: return "drums";
    case Stem::Bass: return "bass";
    case Stem::Piano: return "piano";
    case Stem::Other: return "other";
    }
    return "other";
}

const std::vector<Stem>& allStems()
{
    static const std::vector<Stem> stems{Stem::Vocals, Stem::Drums, Stem::Bass, Stem::Piano, Stem::Other};
    return stems;
}

} // namespace emotrace
