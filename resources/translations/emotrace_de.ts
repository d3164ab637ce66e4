<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ChartData</name>
    <message>
        <location filename="../../ui/ChartData.cpp" line="116"/>
        <source>(silence)</source>
        <translation>(Stille)</translation>
    </message>
</context>
<context>
    <name>FigureSizeDialog</name>
    <message>
        <location filename="../../ui/FigureSizeDialog.cpp" line="18"/>
        <source>Figure size</source>
        <translation>Größe der Abbildung</translation>
    </message>
    <message>
        <location filename="../../ui/FigureSizeDialog.cpp" line="24"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../../ui/FigureSizeDialog.cpp" line="29"/>
        <source>&amp;Width:</source>
        <translation>&amp;Breite:</translation>
    </message>
    <message>
        <location filename="../../ui/FigureSizeDialog.cpp" line="30"/>
        <source>&amp;Height:</source>
        <translation>&amp;Höhe:</translation>
    </message>
</context>
<context>
    <name>Tooltips</name>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="9"/>
        <source>Melodiousness — how singable and tuneful the music is.</source>
        <translation>Melodiösität — wie sangbar und melodisch die Musik ist.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="10"/>
        <source>Articulation — how short and detached (staccato) rather than smooth (legato) the notes are.</source>
        <translation>Artikulation — wie kurz und abgesetzt (staccato) statt gebunden (legato) die Töne sind.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="11"/>
        <source>Rhythm complexity — how hard it is to tap along with the rhythm.</source>
        <translation>Rhythmische Komplexität — wie schwer es ist, im Rhythmus mitzuklopfen.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="12"/>
        <source>Rhythm stability — how easy it is to march along.</source>
        <translation>Rhythmische Stabilität — wie leicht man dazu marschieren kann.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="13"/>
        <source>Dissonance — how harsh and clashing the harmonies sound.</source>
        <translation>Dissonanz — wie rau und reibend die Harmonien klingen.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="14"/>
        <source>Tonal stability — how clearly the music stays in one key.</source>
        <translation>Tonale Stabilität — wie deutlich die Musik in einer Tonart bleibt.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="15"/>
        <source>Minorness — how much the music sounds in a minor mode.</source>
        <translation>Moll-Charakter — wie sehr die Musik nach Moll klingt.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="16"/>
        <source>Arousal — how energetic and exciting rather than calm the music feels.</source>
        <translation>Erregung (Arousal) — wie energisch und aufregend statt ruhig die Musik wirkt.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="17"/>
        <source>Valence — how pleasant and positive rather than sad or tense the music feels.</source>
        <translation>Valenz — wie angenehm und positiv statt traurig oder angespannt die Musik wirkt.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="31"/>
        <source>How much %1 moves the predicted %2 up (positive) or down (negative) from the baseline: %3.</source>
        <translation>Wie stark %1 die vorhergesagte %2 gegenüber der Basislinie anhebt (positiv) oder senkt (negativ): %3.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="38"/>
        <source>Baseline of %1: 0. This model has none, so each effect is weight × value, measured from 0, and the effects also carry the labels&apos; average.</source>
        <translation>Basislinie von %1: 0. Dieses Modell hat keine, daher ist jeder Effekt Gewicht × Wert, gemessen ab 0, und die Effekte tragen auch den Mittelwert der Labels.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="41"/>
        <source>Baseline of %1: %2 — the average %1 of the training songs, what the model predicts when every mid-level feature sits at its training average. The effects move the prediction up or down from here.</source>
        <translation>Basislinie von %1: %2 — der Mittelwert von %1 über die Trainingssongs, also die Vorhersage, wenn jedes Mid-Level-Merkmal auf seinem Trainingsmittel liegt. Die Effekte heben oder senken die Vorhersage von hier aus.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="49"/>
        <source>audioLIME weight — how much keeping %1 in the mix raises the predicted %2: %3.</source>
        <translation>audioLIME-Gewicht — wie stark %1 im Mix die vorhergesagte %2 anhebt: %3.</translation>
    </message>
    <message>
        <location filename="../../ui/Tooltips.cpp" line="55"/>
        <source>Shapley value — %1&apos;s fair share of the predicted %2, averaged over every order of adding stems: %3.</source>
        <translation>Shapley-Wert — der faire Anteil von %1 an der vorhergesagten %2, gemittelt über jede Reihenfolge, in der Stems hinzukommen: %3.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::AnalysisWorker</name>
    <message>
        <location filename="../../ui/AnalysisWorker.cpp" line="195"/>
        <source>internal error: %1</source>
        <translation>interner Fehler: %1</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::EmotionPlaneView</name>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="24"/>
        <location filename="../../ui/EmotionPlaneView.cpp" line="114"/>
        <location filename="../../ui/EmotionPlaneView.cpp" line="131"/>
        <source>Emotion plane</source>
        <translation>Emotionsebene</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="26"/>
        <source>valence</source>
        <translation>Valenz</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="27"/>
        <source>arousal</source>
        <translation>Erregung</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="32"/>
        <source>windows</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="40"/>
        <source>tense · angry</source>
        <translation>angespannt · wütend</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="40"/>
        <source>happy · excited</source>
        <translation>fröhlich · aufgeregt</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="40"/>
        <source>sad · gloomy</source>
        <translation>traurig · düster</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="40"/>
        <source>calm · relaxed</source>
        <translation>ruhig · entspannt</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="54"/>
        <location filename="../../ui/EmotionPlaneView.cpp" line="130"/>
        <source>No analysis yet</source>
        <translation>Noch keine Analyse</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="95"/>
        <source>This model predicts no arousal/valence pair</source>
        <translation>Dieses Modell sagt kein Paar aus Erregung und Valenz vorher</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="114"/>
        <source>Emotion plane (untrained model)</source>
        <translation>Emotionsebene (untrainiertes Modell)</translation>
    </message>
    <message>
        <location filename="../../ui/EmotionPlaneView.cpp" line="115"/>
        <source>Whole song: valence %1, arousal %2 (red dot); blue dots: the %3 windows in time order.</source>
        <translation>Ganzer Song: Valenz %1, Erregung %2 (roter Punkt); blaue Punkte: die %3 Fenster in zeitlicher Folge.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::ExportController</name>
    <message>
        <location filename="../../ui/ExportController.cpp" line="89"/>
        <source>%1: the perturbation table exports as CSV only</source>
        <translation>%1: die Tabelle der Mixe wird nur als CSV exportiert</translation>
    </message>
    <message>
        <location filename="../../ui/ExportController.cpp" line="99"/>
        <source>nothing to export: no analysis yet</source>
        <translation>nichts zu exportieren: noch keine Analyse</translation>
    </message>
    <message>
        <location filename="../../ui/ExportController.cpp" line="106"/>
        <location filename="../../ui/ExportController.cpp" line="123"/>
        <location filename="../../ui/ExportController.cpp" line="156"/>
        <source>nothing to export: the sources have not been explained yet</source>
        <translation>nichts zu exportieren: die Quellen sind noch nicht erklärt</translation>
    </message>
    <message>
        <location filename="../../ui/ExportController.cpp" line="113"/>
        <location filename="../../ui/ExportController.cpp" line="145"/>
        <source>nothing to export: the song has not been separated yet</source>
        <translation>nichts zu exportieren: der Song ist noch nicht getrennt</translation>
    </message>
    <message>
        <location filename="../../ui/ExportController.cpp" line="147"/>
        <source>the stems in %1</source>
        <translation>die Stems in %1</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::MainWindow</name>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="57"/>
        <source>EmoTrace</source>
        <translation>EmoTrace</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="95"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="95"/>
        <location filename="../../ui/MainWindow.cpp" line="235"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="133"/>
        <source>%1…</source>
        <translation>%1 …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="159"/>
        <source>This model is UNTRAINED (seeded random weights): the pipeline runs, but the numbers carry no meaning.</source>
        <translation>Dieses Modell ist UNTRAINIERT (zufällige Gewichte mit festem Startwert): die Verarbeitung läuft, aber die Zahlen bedeuten nichts.</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="181"/>
        <source>Analysed %1</source>
        <translation>%1 analysiert</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="184"/>
        <source>Analysis of %1 cancelled</source>
        <translation>Analyse von %1 abgebrochen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="212"/>
        <source>No model is configured. Choose a model package (File ▸ Settings…) or set $EMOTRACE_MODEL. To try the pipeline without a trained model, make an untrained one with `emotrace-cli model init --out DIR` and choose DIR.</source>
        <translation>Kein Modell eingestellt. Wählen Sie ein Modellpaket (Datei ▸ Einstellungen …) oder setzen Sie $EMOTRACE_MODEL. Um die Verarbeitung ohne trainiertes Modell auszuprobieren, erzeugen Sie eines mit `emotrace-cli model init --out DIR` und wählen DIR.</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="219"/>
        <source>Player</source>
        <translation>Wiedergabe</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="222"/>
        <source>Open…</source>
        <translation>Öffnen …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="224"/>
        <source>Open a song (Ctrl+O)</source>
        <translation>Einen Song öffnen (Strg+O)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="227"/>
        <source>Open a song</source>
        <translation>Einen Song öffnen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="228"/>
        <source>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.mp4 *.mkv);;All files (*)</source>
        <translation>Audio (*.wav *.flac *.mp3 *.ogg *.opus *.m4a *.aac *.mp4 *.mkv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="237"/>
        <source>Play or pause (Space)</source>
        <translation>Abspielen oder anhalten (Leertaste)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="239"/>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="240"/>
        <source>Stop and go back to the start</source>
        <translation>Anhalten und zum Anfang zurück</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="242"/>
        <source>Back 5 s</source>
        <translation>5 s zurück</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="245"/>
        <source>Forward 5 s</source>
        <translation>5 s vor</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="254"/>
        <source>Volume</source>
        <translation>Lautstärke</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="259"/>
        <source>Playback volume</source>
        <translation>Wiedergabelautstärke</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="266"/>
        <source>Relative effects</source>
        <translation>Relative Effekte</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="271"/>
        <source>Waterfall</source>
        <translation>Wasserfall</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="273"/>
        <source>W</source>
        <translation>W</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="281"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="283"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="286"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="287"/>
        <source>Emotion plane…</source>
        <translation>Emotionsebene …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="288"/>
        <source>Mid-level features and effects…</source>
        <translation>Mid-Level-Merkmale und Effekte …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="289"/>
        <source>Sources (audioLIME and Shapley)…</source>
        <translation>Quellen (audioLIME und Shapley) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="290"/>
        <source>Perturbation table (CSV)…</source>
        <translation>Tabelle der Mixe (CSV) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="291"/>
        <source>Waveform…</source>
        <translation>Wellenform …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="300"/>
        <source>Analysis (JSON)…</source>
        <translation>Analyse (JSON) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="301"/>
        <source>Ctrl+Shift+J</source>
        <translation>Ctrl+Shift+J</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="303"/>
        <source>Source explanation (JSON)…</source>
        <translation>Quellen-Erklärung (JSON) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="304"/>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="307"/>
        <source>Stems (WAV or FLAC)…</source>
        <translation>Stems (WAV oder FLAC) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="308"/>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="310"/>
        <source>Explanation mix (WAV or FLAC)…</source>
        <translation>Mix der Erklärung (WAV oder FLAC) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="311"/>
        <source>Ctrl+Shift+E</source>
        <translation>Ctrl+Shift+E</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="313"/>
        <source>The rest without the explanation (WAV or FLAC)…</source>
        <translation>Der Rest ohne die Erklärung (WAV oder FLAC) …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="314"/>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="317"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="318"/>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="319"/>
        <source>Model package, separator, window length, audioLIME samples and segments, threads</source>
        <translation>Modellpaket, Separator, Fensterlänge, audioLIME-Stichproben und -Segmente, Threads</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="322"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="326"/>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="330"/>
        <source>Play &amp;explanation</source>
        <translation>&amp;Erklärung abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="331"/>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="333"/>
        <source>Play the &amp;rest</source>
        <translation>&amp;Rest abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="334"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="336"/>
        <source>Play the &amp;original mix</source>
        <translation>&amp;Originalmix abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="337"/>
        <source>O</source>
        <translation>O</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="340"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="341"/>
        <source>&amp;Colours</source>
        <translation>&amp;Farben</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="345"/>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="345"/>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="345"/>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="358"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="359"/>
        <source>&amp;Model card…</source>
        <translation>&amp;Modellkarte …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="360"/>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="361"/>
        <source>What the model in use learned from, how well it does on held-out songs, and its limits</source>
        <translation>Woraus das verwendete Modell gelernt hat, wie gut es auf zurückgehaltenen Songs abschneidet und wo seine Grenzen liegen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="371"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="373"/>
        <source>Stop the running analysis</source>
        <translation>Die laufende Analyse anhalten</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="386"/>
        <source>starting…</source>
        <translation>startet …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="432"/>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="129"/>
        <source>%1 — EmoTrace</source>
        <translation>%1 — EmoTrace</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="521"/>
        <source>nothing to export: the sources have not been explained yet</source>
        <translation>nichts zu exportieren: die Quellen sind noch nicht erklärt</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="499"/>
        <source>nothing to export: the song has not been separated yet</source>
        <translation>nichts zu exportieren: der Song ist noch nicht getrennt</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="513"/>
        <location filename="../../ui/MainWindow.cpp" line="530"/>
        <source>Writing %1…</source>
        <translation>Schreibe %1 …</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="99"/>
        <location filename="../../ui/MainWindow.cpp" line="549"/>
        <location filename="../../ui/MainWindow.cpp" line="559"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="268"/>
        <source>Show each feature&apos;s effect as its share of all effects on the emotion (signed), as in the paper. The baseline is not a share and is left out.</source>
        <translation>Den Effekt jedes Merkmals als (vorzeichenbehafteten) Anteil an allen Effekten auf die Emotion zeigen, wie im Paper. Die Basislinie ist kein Anteil und wird weggelassen.</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="274"/>
        <source>Show the baseline and the effects as steps that add up, feature by feature, to the predicted emotion (W).</source>
        <translation>Die Basislinie und die Effekte als Stufen zeigen, die sich Merkmal für Merkmal zur vorhergesagten Emotion addieren (W).</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="504"/>
        <source>Export stems — choose the folder and format</source>
        <translation>Stems exportieren — Ordner und Format wählen</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="506"/>
        <location filename="../../ui/MainWindow.cpp" line="527"/>
        <source>FLAC (*.flac);;WAV (*.wav)</source>
        <translation>FLAC (*.flac);;WAV (*.wav)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="527"/>
        <source>Export mix</source>
        <translation>Mix exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="536"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="537"/>
        <source>PNG image (*.png);;JPEG image (*.jpg);;CSV (*.csv)</source>
        <translation>PNG-Bild (*.png);;JPEG-Bild (*.jpg);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="538"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;JPEG image (*.jpg);;CSV (*.csv)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;JPEG-Bild (*.jpg);;CSV (*.csv)</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="539"/>
        <location filename="../../ui/MainWindow.cpp" line="555"/>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="555"/>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::MidLevelChartView</name>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="114"/>
        <source>Mid-level features</source>
        <translation>Mid-Level-Merkmale</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="119"/>
        <source>Relative effect on %1</source>
        <translation>Relativer Effekt auf %1</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="119"/>
        <source>Effect on %1</source>
        <translation>Effekt auf %1</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="136"/>
        <source>Relative effects on %1, adding up</source>
        <translation>Relative Effekte auf %1, aufsummiert</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="137"/>
        <source>Baseline and effects on %1, adding up to %2</source>
        <translation>Basislinie und Effekte auf %1, zusammen %2</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="154"/>
        <source>baseline</source>
        <translation>Basislinie</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="256"/>
        <source>Sum of the signed shares: %1 %.</source>
        <translation>Summe der vorzeichenbehafteten Anteile: %1 %.</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="257"/>
        <source>Prediction: %1 = baseline + effects.</source>
        <translation>Vorhersage: %1 = Basislinie + Effekte.</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="262"/>
        <source>Value %1 against the training mean %2.</source>
        <translation>Wert %1 gegenüber dem Trainingsmittel %2.</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="212"/>
        <source>No analysis yet</source>
        <translation>Noch keine Analyse</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="225"/>
        <source>Click to explain %1 by its sound sources.</source>
        <translation>Klicken, um %1 durch die Klangquellen zu erklären.</translation>
    </message>
    <message>
        <location filename="../../ui/MidLevelChartView.cpp" line="252"/>
        <source>Value: %1</source>
        <translation>Wert: %1</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::ModelCardDialog</name>
    <message>
        <location filename="../../ui/ModelCardDialog.cpp" line="17"/>
        <source>Model card</source>
        <translation>Modellkarte</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardDialog.cpp" line="33"/>
        <source>No model is configured (File ▸ Settings…).</source>
        <translation>Kein Modell eingestellt (Datei ▸ Einstellungen …).</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::ModelCardView</name>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="33"/>
        <source>Summary</source>
        <translation>Überblick</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="34"/>
        <source>Model card (MODEL.md)</source>
        <translation>Modellkarte (MODEL.md)</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="44"/>
        <source>&lt;p&gt;&lt;b&gt;Untrained:&lt;/b&gt; seeded random weights. The pipeline runs, but the predictions carry no meaning.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;Untrainiert:&lt;/b&gt; zufällige Gewichte mit festem Startwert. Die Verarbeitung läuft, aber die Vorhersagen bedeuten nichts.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="46"/>
        <source>&lt;p&gt;Architecture: receptive-field regularised ResNet with a linear emotion layer on the seven mid-level features; base width %1; trained on windows of %2 frames.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Architektur: ResNet mit regularisiertem rezeptivem Feld und einer linearen Emotionsschicht über den sieben Mid-Level-Merkmalen; Grundbreite %1; trainiert auf Fenstern von %2 Frames.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="51"/>
        <source>&lt;p&gt;No emotion baseline: each effect is weight × value, measured from 0 (the paper&apos;s form), so single effects also carry the labels&apos; averages.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Keine Emotions-Basislinie: Jeder Effekt ist Gewicht × Wert, gemessen ab 0 (die Form des Papers), daher tragen einzelne Effekte auch die Mittelwerte der Labels.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="57"/>
        <source>&lt;p&gt;Emotion baseline (the training labels&apos; averages): %1. Each effect is weight × (value − the feature&apos;s training average), so baseline + effects = prediction.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Emotions-Basislinie (die Mittelwerte der Trainingslabels): %1. Jeder Effekt ist Gewicht × (Wert − Trainingsmittel des Merkmals), also Basislinie + Effekte = Vorhersage.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="63"/>
        <source>&lt;h3&gt;Training data&lt;/h3&gt;&lt;ul&gt;</source>
        <translation>&lt;h3&gt;Trainingsdaten&lt;/h3&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="79"/>
        <source>&lt;h3&gt;Held-out test metrics (%1 songs)&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Testmetriken auf zurückgehaltenen Songs (%1 Songs)&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="80"/>
        <source>&lt;h3&gt;Validation metrics (%1 songs)&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Validierungsmetriken (%1 Songs)&lt;/h3&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="82"/>
        <source>&lt;table border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;3&quot;&gt;&lt;tr&gt;&lt;th&gt;target&lt;/th&gt;&lt;th&gt;Pearson r&lt;/th&gt;&lt;th&gt;RMSE&lt;/th&gt;&lt;/tr&gt;</source>
        <translation>&lt;table border=&quot;1&quot; cellspacing=&quot;0&quot; cellpadding=&quot;3&quot;&gt;&lt;tr&gt;&lt;th&gt;Ziel&lt;/th&gt;&lt;th&gt;Pearson r&lt;/th&gt;&lt;th&gt;RMSE&lt;/th&gt;&lt;/tr&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="89"/>
        <source>&lt;p&gt;No held-out metrics recorded in model.json.&lt;/p&gt;</source>
        <translation>&lt;p&gt;In model.json sind keine Metriken auf zurückgehaltenen Daten verzeichnet.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="93"/>
        <source>&lt;h3&gt;Limits&lt;/h3&gt;&lt;ul&gt;</source>
        <translation>&lt;h3&gt;Grenzen&lt;/h3&gt;&lt;ul&gt;</translation>
    </message>
    <message>
        <location filename="../../ui/ModelCardView.cpp" line="106"/>
        <source>This model package has no MODEL.md.</source>
        <translation>Dieses Modellpaket hat keine MODEL.md.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::PlaybackController</name>
    <message>
        <location filename="../../ui/PlaybackController.cpp" line="21"/>
        <source>The stems do not fit the song; only the original mix can be played.</source>
        <translation>Die Stems passen nicht zum Song; nur der Originalmix kann abgespielt werden.</translation>
    </message>
    <message>
        <location filename="../../ui/PlaybackController.cpp" line="62"/>
        <source>The sources have not been explained yet.</source>
        <translation>Die Quellen wurden noch nicht erklärt.</translation>
    </message>
    <message>
        <location filename="../../ui/PlaybackController.cpp" line="67"/>
        <source>The explanation holds every source: the rest is silence.</source>
        <translation>Die Erklärung enthält jede Quelle: der Rest ist Stille.</translation>
    </message>
    <message>
        <location filename="../../ui/PlaybackController.cpp" line="68"/>
        <source>No source raises this prediction: the explanation is empty.</source>
        <translation>Keine Quelle hebt diese Vorhersage an: die Erklärung ist leer.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::SettingsDialog</name>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="37"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="43"/>
        <source>$EMOTRACE_MODEL, else the shipped default model</source>
        <translation>$EMOTRACE_MODEL, sonst das mitgelieferte Standardmodell</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="44"/>
        <source>The model package folder (weights.pt and model.json) that makes the predictions.</source>
        <translation>Der Ordner des Modellpakets (weights.pt und model.json), das die Vorhersagen macht.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="45"/>
        <location filename="../../ui/SettingsDialog.cpp" line="57"/>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="50"/>
        <source>&amp;Model package:</source>
        <translation>&amp;Modellpaket:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="53"/>
        <source>Built in (no weights)</source>
        <translation>Eingebaut (ohne Gewichte)</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="53"/>
        <source>Stems folder (Demucs, Spleeter, Open-Unmix)</source>
        <translation>Stems-Ordner (Demucs, Spleeter, Open-Unmix)</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="54"/>
        <source>External command (demucs, spleeter, umx)</source>
        <translation>Externer Befehl (demucs, spleeter, umx)</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="54"/>
        <source>TorchScript separator model</source>
        <translation>TorchScript-Separatormodell</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="55"/>
        <source>How the song is split into sound sources for the explanation.</source>
        <translation>Wie der Song für die Erklärung in Klangquellen zerlegt wird.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="64"/>
        <source>S&amp;eparator:</source>
        <translation>S&amp;eparator:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="79"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="81"/>
        <source>Length of the excerpts the model hears (the paper: 40 s); windows overlap by half.</source>
        <translation>Länge der Ausschnitte, die das Modell hört (im Paper: 40 s); Fenster überlappen zur Hälfte.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="82"/>
        <source>&amp;Window length:</source>
        <translation>&amp;Fensterlänge:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="86"/>
        <source>exhaustive (when at most 1024 mixes)</source>
        <translation>vollständig (bei höchstens 1024 Mixen)</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="88"/>
        <source>How many stem mixes audioLIME lets the model hear; exhaustive runs also give exact Shapley values.</source>
        <translation>Wie viele Stem-Mixe audioLIME dem Modell vorspielt; vollständige Läufe liefern auch exakte Shapley-Werte.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="89"/>
        <source>audioLIME &amp;samples:</source>
        <translation>audioLIME-&amp;Stichproben:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="94"/>
        <source>Split each stem into this many time segments, so the explanation says when as well as what.</source>
        <translation>Jeden Stem in so viele Zeitsegmente teilen, damit die Erklärung auch sagt, wann, nicht nur was.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="95"/>
        <source>Time se&amp;gments per stem:</source>
        <translation>Zeitse&amp;gmente pro Stem:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="99"/>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="101"/>
        <source>CPU threads for the model. Takes effect when EmoTrace starts next.</source>
        <translation>CPU-Threads für das Modell. Wirkt beim nächsten Start von EmoTrace.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="102"/>
        <source>&amp;Threads:</source>
        <translation>&amp;Threads:</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="116"/>
        <source>Classical masks: vocals, drums, bass, other; they sum to the mix.</source>
        <translation>Klassische Masken: Gesang, Schlagzeug, Bass, Rest; zusammen ergeben sie den Mix.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="117"/>
        <source>A folder that holds the song&apos;s stems as WAV files (e.g. separated/htdemucs/&lt;track&gt;).</source>
        <translation>Ein Ordner mit den Stems des Songs als WAV-Dateien (z. B. separated/htdemucs/&lt;track&gt;).</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="118"/>
        <source>demucs, spleeter, umx, or a command template with {input} and {output}; run once per song, cached.</source>
        <translation>demucs, spleeter, umx oder eine Befehlsvorlage mit {input} und {output}; läuft einmal pro Song, zwischengespeichert.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="119"/>
        <source>A TorchScript file mapping a waveform [C,T] to stems [S,C,T].</source>
        <translation>Eine TorchScript-Datei, die eine Wellenform [C,T] auf Stems [S,C,T] abbildet.</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="125"/>
        <source>Model package folder</source>
        <translation>Ordner des Modellpakets</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="133"/>
        <source>Stems folder</source>
        <translation>Stems-Ordner</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="135"/>
        <source>TorchScript separator</source>
        <translation>TorchScript-Separator</translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="135"/>
        <source>TorchScript (*.pt *.pth);;All files (*)</source>
        <translation>TorchScript (*.pt *.pth);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::StemMixer</name>
    <message>
        <location filename="../../ui/StemMixer.cpp" line="46"/>
        <source>The audio output cannot play %1 Hz float audio; playing silently.</source>
        <translation>Die Audioausgabe kann kein Float-Audio mit %1 Hz abspielen; Wiedergabe erfolgt stumm.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::StemsPanel</name>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="72"/>
        <source>Explain:</source>
        <translation>Erklären:</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="74"/>
        <source>Which mid-level feature or emotion to trace back to the sound sources.</source>
        <translation>Welches Mid-Level-Merkmal oder welche Emotion auf die Klangquellen zurückgeführt wird.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="77"/>
        <source>Play original mix</source>
        <translation>Originalmix abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="78"/>
        <source>Hear the song as it is, without the separation.</source>
        <translation>Den Song hören, wie er ist, ohne Trennung.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="80"/>
        <source>Play all stems</source>
        <translation>Alle Stems abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="81"/>
        <source>Hear the sum of the separated stems, with every mute and solo cleared.</source>
        <translation>Die Summe der getrennten Stems hören, ohne Stummschaltung und Solo.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="84"/>
        <source>Top</source>
        <translation>Top</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="88"/>
        <source>How many of the most positively weighted sources make up the explanation.</source>
        <translation>Wie viele der am stärksten positiv gewichteten Quellen die Erklärung bilden.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="90"/>
        <source>Play &amp;explanation</source>
        <translation>&amp;Erklärung abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="91"/>
        <source>Hear only the sources that raise the selected prediction most (the top positive audioLIME weights).</source>
        <translation>Nur die Quellen hören, die die gewählte Vorhersage am meisten anheben (die höchsten positiven audioLIME-Gewichte).</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="93"/>
        <source>Play the &amp;rest</source>
        <translation>&amp;Rest abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="94"/>
        <source>Hear every source except the explanation&apos;s: what the model would hear without them.</source>
        <translation>Alle Quellen außer denen der Erklärung hören: was das Modell ohne sie hören würde.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="105"/>
        <source>Sources: audioLIME weight and Shapley value</source>
        <translation>Quellen: audioLIME-Gewicht und Shapley-Wert</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="108"/>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>audioLIME weight</source>
        <translation>audioLIME-Gewicht</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="112"/>
        <source>Shapley value</source>
        <translation>Shapley-Wert</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>Shapley</source>
        <translation>Shapley</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>Solo</source>
        <translation>Solo</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="134"/>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="135"/>
        <source>audioLIME weight — how much keeping this source in the mix raises the prediction.</source>
        <translation>audioLIME-Gewicht — wie stark diese Quelle im Mix die Vorhersage anhebt.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="136"/>
        <source>Shapley value — the source&apos;s fair share of the prediction over every order of adding sources.</source>
        <translation>Shapley-Wert — der faire Anteil der Quelle an der Vorhersage über jede Reihenfolge, in der Quellen hinzukommen.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="141"/>
        <source>Mix</source>
        <translation>Mix</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="141"/>
        <source>Sources kept</source>
        <translation>Enthaltene Quellen</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="141"/>
        <source>Prediction</source>
        <translation>Vorhersage</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="141"/>
        <source>Kernel weight</source>
        <translation>Kernel-Gewicht</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="142"/>
        <source>Kernel weight — how close this mix is to the full song, and so how much it counts in the fit.</source>
        <translation>Kernel-Gewicht — wie nah dieser Mix am vollständigen Song ist und wie viel er daher in der Anpassung zählt.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="147"/>
        <location filename="../../ui/StemsPanel.cpp" line="258"/>
        <source>Every mix of sources the model heard, with its prediction. Double-click a row to hear that mix.</source>
        <translation>Jeder Mix aus Quellen, den das Modell gehört hat, mit seiner Vorhersage. Doppelklick auf eine Zeile spielt diesen Mix.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="204"/>
        <source>Sources appear here once the song has been separated and explained.</source>
        <translation>Die Quellen erscheinen hier, sobald der Song getrennt und erklärt ist.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="256"/>
        <source>Every mix of source segments the model heard, with its prediction. (Mixes of time segments cannot be played; set one segment per stem to hear them.)</source>
        <translation>Jeder Mix aus Quellsegmenten, den das Modell gehört hat, mit seiner Vorhersage. (Mixe aus Zeitsegmenten können nicht abgespielt werden; stellen Sie ein Segment pro Stem ein, um sie zu hören.)</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="267"/>
        <source>%1: model prediction %2, local fit %3 (R² %4), %5 mixes, separator %6</source>
        <translation>%1: Modellvorhersage %2, lokale Anpassung %3 (R² %4), %5 Mixe, Separator %6</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="288"/>
        <source>Sound source %1, as the separator %2 split it off.</source>
        <translation>Klangquelle %1, wie der Separator %2 sie abgetrennt hat.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="292"/>
        <source>n/a</source>
        <translation>–</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="296"/>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="297"/>
        <source>Play only this source.</source>
        <translation>Nur diese Quelle abspielen.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="300"/>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="302"/>
        <source>Solo: hear this source (and other soloed ones) only.</source>
        <translation>Solo: nur diese Quelle (und andere Solo-Quellen) hören.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="305"/>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="307"/>
        <source>Mute: take this source out of the mix.</source>
        <translation>Stumm: diese Quelle aus dem Mix nehmen.</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="334"/>
        <source>Mask: 1 keeps a source, 0 removes it (in component order).</source>
        <translation>Maske: 1 behält eine Quelle, 0 entfernt sie (in Komponentenreihenfolge).</translation>
    </message>
    <message>
        <location filename="../../ui/StemsPanel.cpp" line="338"/>
        <source>The model&apos;s %1 for this mix.</source>
        <translation>Die %1 des Modells für diesen Mix.</translation>
    </message>
</context>
<context>
    <name>emotrace::ui::WaveformView</name>
    <message>
        <location filename="../../ui/WaveformView.cpp" line="15"/>
        <source>The song&apos;s waveform: shaded bands are the model&apos;s analysis windows, the framed band is the excerpt the sources were explained on. Click to jump there.</source>
        <translation>Die Wellenform des Songs: schattierte Bänder sind die Analysefenster des Modells, das umrahmte Band ist der Ausschnitt, auf dem die Quellen erklärt wurden. Klicken springt dorthin.</translation>
    </message>
    <message>
        <location filename="../../ui/WaveformView.cpp" line="83"/>
        <source>Open a song to see its waveform</source>
        <translation>Einen Song öffnen, um seine Wellenform zu sehen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/gui/main.cpp" line="49"/>
        <source>Explainable music emotion recognition: open a song and trace its arousal and valence back to mid-level features and sound sources.</source>
        <translation>Erklärbare Erkennung musikalischer Emotionen: einen Song öffnen und seine Erregung und Valenz auf Mid-Level-Merkmale und Klangquellen zurückführen.</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="53"/>
        <source>Audio file to open (default: the demo song).</source>
        <translation>Zu öffnende Audiodatei (Standard: der Demo-Song).</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="55"/>
        <source>Save the window as PNG once the analysis has ended, then quit.</source>
        <translation>Das Fenster nach der Analyse als PNG speichern, dann beenden.</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="59"/>
        <source>Colour scheme: system, light or dark (default: as last chosen in View ▸ Colours).</source>
        <translation>Farbschema: system, light oder dark (Standard: zuletzt unter Ansicht ▸ Farben gewählt).</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="96"/>
        <source>analysis of %1 failed: %2</source>
        <translation>Analyse von %1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="102"/>
        <source>no song given and no demo song found</source>
        <translation>kein Song angegeben und kein Demo-Song gefunden</translation>
    </message>
    <message>
        <location filename="../../app/gui/main.cpp" line="103"/>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
</context>
</TS>
