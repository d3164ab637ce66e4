#include "production/StemProduction.h"

#include "production/SettingsCheck.h"
#include "production/StereoPlacer.h"

namespace emotrace {

void StemProduction::validate() const
{
    SettingsCheck::inRange("", "gain_db", gainDb, -24.0, 12.0);
    eq.validate();
    compressor.validate();
    saturator.validate();
    amp.validate();
    SettingsCheck::inRange("", "reverb_send", reverbSend, 0.0, 1.0);
    StereoPlacer::Settings{pan, width}.validate();
}

} // namespace emotrace
