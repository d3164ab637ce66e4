#pragma once

// qcustomplot.h uses the Qt keywords `signals` and `foreach`, which EmoTrace turns off
// (QT_NO_KEYWORDS: torch headers use `slots` as an identifier). Map them to the Q_ forms
// for this header only, so that one translation unit may include both.
#ifdef QT_NO_KEYWORDS
#  define signals Q_SIGNALS
#  define foreach Q_FOREACH
#  include <qcustomplot.h>
#  undef signals
#  undef foreach
#else
#  include <qcustomplot.h>
#endif
