#include "StemsPanel.h"
#include "PlotTheme.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QHelpEvent>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include "QCustomPlotInclude.h"

#include <algorithm>
#include <cmath>
#include <functional>

#include "ChartData.h"
#include "PlaybackController.h"
#include "SongSession.h"
#include "StemMixer.h"
#include "Tooltips.h"

namespace emotrace::ui {

namespace {

/// Chart tooltips: QCustomPlot has none per bar, so the panel answers ToolTip events.
class BarTooltipFilter : public QObject {
public:
    BarTooltipFilter(QCustomPlot* plot, std::function<QString(QCPAbstractPlottable*, int)> text)
        : QObject(plot), m_plot(plot), m_text(std::move(text)) {}
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() != QEvent::ToolTip) return false;
        auto* help = static_cast<QHelpEvent*>(event);
        int index = -1;
        QCPAbstractPlottable* p = m_plot->plottableAt(help->pos(), true, &index);
        const QString text = p && index >= 0 ? m_text(p, index) : QString();
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, m_plot);
        return true;
    }

private:
    QCustomPlot* m_plot;
    std::function<QString(QCPAbstractPlottable*, int)> m_text;
};

QTableWidgetItem* numberItem(double value, const QString& tip)
{
    auto* item = new QTableWidgetItem(QString::number(value, 'f', 4));
    item->setData(Qt::UserRole, value);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setToolTip(tip);
    return item;
}

} // namespace

StemsPanel::StemsPanel(SongSession* session, PlaybackController* playback, QWidget* parent)
    : QWidget(parent), m_session(session), m_playback(playback)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Explain:"), this));
    m_target = new QComboBox(this);
    m_target->setToolTip(tr("Which mid-level feature or emotion to trace back to the sound sources."));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(m_target);
    auto* original = new QPushButton(tr("Play original mix"), this);
    original->setToolTip(tr("Hear the song as it is, without the separation."));
    top->addWidget(original);
    auto* allStems = new QPushButton(tr("Play all stems"), this);
    allStems->setToolTip(tr("Hear the sum of the separated stems, with every mute and solo cleared."));
    top->addWidget(allStems);
    top->addStretch(1);
    top->addWidget(new QLabel(tr("Top"), this));
    m_topCount = new QSpinBox(this);
    m_topCount->setRange(1, 16);
    m_topCount->setValue(session->explanationSize());
    m_topCount->setToolTip(tr("How many of the most positively weighted sources make up the explanation."));
    top->addWidget(m_topCount);
    m_playExplanation = new QPushButton(tr("Play &explanation"), this);
    m_playExplanation->setToolTip(tr("Hear only the sources that raise the selected prediction most (the top positive audioLIME weights)."));
    top->addWidget(m_playExplanation);
    m_playRest = new QPushButton(tr("Play the &rest"), this);
    m_playRest->setToolTip(tr("Hear every source except the explanation's: what the model would hear without them."));
    top->addWidget(m_playRest);
    layout->addLayout(top);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_chart = new QCustomPlot(split);
    m_chart->setMinimumSize(300, 200);
    m_chart->plotLayout()->insertRow(0);
    m_chart->plotLayout()->addElement(0, 0, new QCPTextElement(m_chart, tr("Sources: audioLIME weight and Shapley value"),
                                                               QFont(font().family(), 9, QFont::Bold)));
    m_weightBars = new QCPBars(m_chart->xAxis, m_chart->yAxis);
    m_weightBars->setName(tr("audioLIME weight"));
    m_weightBars->setBrush(QColor(70, 130, 180));
    m_weightBars->setPen(Qt::NoPen);
    m_shapleyBars = new QCPBars(m_chart->xAxis, m_chart->yAxis);
    m_shapleyBars->setName(tr("Shapley value"));
    m_shapleyBars->setBrush(QColor(230, 126, 34));
    m_shapleyBars->setPen(Qt::NoPen);
    auto* group = new QCPBarsGroup(m_chart);
    m_weightBars->setWidth(0.38);
    m_shapleyBars->setWidth(0.38);
    m_weightBars->setBarsGroup(group);
    m_shapleyBars->setBarsGroup(group);
    m_chart->legend->setVisible(true);
    m_chart->legend->setFont(QFont(font().family(), 8));
    m_chart->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    PlotTheme::follow(m_chart);
    m_chart->installEventFilter(new BarTooltipFilter(m_chart, [this](QCPAbstractPlottable* p, int index) -> QString {
        const int row = int(std::lround(static_cast<QCPBars*>(p)->data()->at(index)->key));
        if (row < 0 || row >= int(m_ranking.size())) return {};
        const QString name = QString::fromStdString(explanation().components[std::size_t(m_ranking[std::size_t(row)])]);
        const double value = static_cast<QCPBars*>(p)->data()->at(index)->value;
        return p == m_weightBars ? Tooltips::limeWeight(name, selectedTarget(), value) : Tooltips::shapley(name, selectedTarget(), value);
    }));

    auto* tables = new QSplitter(Qt::Vertical, split);
    m_stems = new QTableWidget(0, StemColumnCount, tables);
    m_stems->setHorizontalHeaderLabels({tr("#"), tr("Source"), tr("audioLIME weight"), tr("Shapley"), tr("Play"), tr("Solo"), tr("Mute")});
    m_stems->horizontalHeaderItem(ColWeight)->setToolTip(tr("audioLIME weight — how much keeping this source in the mix raises the prediction."));
    m_stems->horizontalHeaderItem(ColShapley)->setToolTip(tr("Shapley value — the source's fair share of the prediction over every order of adding sources."));
    m_stems->verticalHeader()->setVisible(false);
    m_stems->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stems->horizontalHeader()->setSectionResizeMode(ColComponent, QHeaderView::Stretch);
    m_perturbations = new QTableWidget(0, PerturbationColumnCount, tables);
    m_perturbations->setHorizontalHeaderLabels({tr("Mix"), tr("Sources kept"), tr("Prediction"), tr("Kernel weight")});
    m_perturbations->horizontalHeaderItem(ColKernel)->setToolTip(tr("Kernel weight — how close this mix is to the full song, and so how much it counts in the fit."));
    m_perturbations->verticalHeader()->setVisible(false);
    m_perturbations->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_perturbations->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_perturbations->horizontalHeader()->setSectionResizeMode(ColKept, QHeaderView::Stretch);
    m_perturbations->setToolTip(tr("Every mix of sources the model heard, with its prediction. Double-click a row to hear that mix."));
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    // The boxes edit the document's selection; the panel redraws when the document says so.
    connect(m_target, &QComboBox::currentIndexChanged, this, [this] {
        const QString target = m_target->currentData().toString();
        if (!target.isEmpty()) m_session->setSelectedTarget(target);
        refresh();
    });
    connect(m_topCount, &QSpinBox::valueChanged, session, &SongSession::setExplanationSize);
    connect(session, &SongSession::explanationSizeChanged, this, [this](int stems) {
        const QSignalBlocker block(m_topCount);
        m_topCount->setValue(stems);
    });
    connect(session, &SongSession::selectedTargetChanged, this, [this](const QString& target) {
        const int i = m_target->findData(target);
        if (i >= 0 && i != m_target->currentIndex()) m_target->setCurrentIndex(i);
    });
    connect(session, &SongSession::levelTwoChanged, this, &StemsPanel::showExplanation);
    connect(session, &SongSession::stemsChanged, this, &StemsPanel::refresh);
    connect(original, &QPushButton::clicked, m_playback, &PlaybackController::playOriginal);
    connect(allStems, &QPushButton::clicked, m_playback, &PlaybackController::playAllStems);
    connect(m_playExplanation, &QPushButton::clicked, this, [this] { playExplanation(false); });
    connect(m_playRest, &QPushButton::clicked, this, [this] { playExplanation(true); });
    connect(m_perturbations, &QTableWidget::cellDoubleClicked, this, [this](int row, int) { m_playback->playPerturbation(row); });
    connect(m_playback->mixer(), &StemMixer::controlsChanged, this, &StemsPanel::refreshControls);
    showExplanation();
}

bool StemsPanel::hasExplanation() const
{
    return m_session->levelTwo().has_value();
}

const SourceExplanation& StemsPanel::explanation() const
{
    return *m_session->levelTwo();
}

void StemsPanel::showExplanation()
{
    m_ranking.clear();
    {
        const QSignalBlocker block(m_target);
        m_target->clear();
        if (hasExplanation()) {
            for (const auto& t : explanation().targets) {
                const QString name = QString::fromStdString(t);
                m_target->addItem(Tooltips::label(name), name);
                m_target->setItemData(m_target->count() - 1, Tooltips::describe(name), Qt::ToolTipRole);
            }
            const int keep = m_target->findData(m_session->selectedTarget());
            m_target->setCurrentIndex(keep >= 0 ? keep : std::max(0, m_target->findData(QStringLiteral("arousal"))));
        }
    }
    if (!hasExplanation()) m_summary->setText(tr("Sources appear here once the song has been separated and explained."));
    refresh();
}

QString StemsPanel::selectedTarget() const
{
    return m_target->currentData().toString();
}

int StemsPanel::selectedTargetIndex() const
{
    return hasExplanation() ? explanation().targetIndex(selectedTarget().toStdString()) : -1;
}

int StemsPanel::stemOfRow(int row) const
{
    if (row < 0 || row >= int(m_ranking.size()) || !hasExplanation()) return -1;
    return m_ranking[std::size_t(row)] / std::max(1, explanation().segments);
}

QAbstractButton* StemsPanel::cellButton(int row, int column) const
{
    return qobject_cast<QAbstractButton*>(m_stems->cellWidget(row, column));
}

QAbstractButton* StemsPanel::playButton(int row) const { return cellButton(row, ColPlay); }
QAbstractButton* StemsPanel::soloButton(int row) const { return cellButton(row, ColSolo); }
QAbstractButton* StemsPanel::muteButton(int row) const { return cellButton(row, ColMute); }

bool StemsPanel::playExplanation(bool complement)
{
    QString why;
    if (m_playback->playExplanation(complement, &why)) return true;
    m_summary->setToolTip(why);
    QToolTip::showText(m_summary->mapToGlobal(QPoint(0, 0)), why, m_summary);
    return false;
}

void StemsPanel::refresh()
{
    m_stems->setRowCount(0);
    m_perturbations->setRowCount(0);
    m_weightBars->data()->clear();
    m_shapleyBars->data()->clear();
    m_ranking.clear();
    const int t = selectedTargetIndex();
    const bool playable = t >= 0 && m_playback->mixer()->hasStems();
    m_playExplanation->setEnabled(playable);
    m_playRest->setEnabled(playable);
    m_summary->setToolTip(QString());
    const int segments = hasExplanation() ? std::max(1, explanation().segments) : 1;
    m_perturbations->setToolTip(segments > 1
                                    ? tr("Every mix of source segments the model heard, with its prediction. (Mixes of time "
                                         "segments cannot be played; set one segment per stem to hear them.)")
                                    : tr("Every mix of sources the model heard, with its prediction. Double-click a row to hear that mix."));
    if (t < 0) {
        m_chart->replot();
        return;
    }
    const SourceExplanation& ex = explanation();
    const ComponentExplanation& ce = ex.explanation.targets[std::size_t(t)];
    const QString target = selectedTarget();
    m_ranking = ex.ranking(target.toStdString());
    m_summary->setText(tr("%1: model prediction %2, local fit %3 (R² %4), %5 mixes, separator %6")
                           .arg(Tooltips::label(target))
                           .arg(ce.prediction, 0, 'f', 4)
                           .arg(ce.localPrediction, 0, 'f', 4)
                           .arg(ce.r2, 0, 'f', 3)
                           .arg(ex.explanation.perturbations.rows.size())
                           .arg(QString::fromStdString(ex.separator)));

    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    m_stems->setRowCount(int(m_ranking.size()));
    for (int row = 0; row < int(m_ranking.size()); ++row) {
        const auto c = std::size_t(m_ranking[std::size_t(row)]);
        const QString name = QString::fromStdString(ex.components[c]);
        const double weight = ce.weights[c];
        const bool hasShapley = c < ce.shapley.size();
        m_weightBars->addData(row, weight);
        if (hasShapley) m_shapleyBars->addData(row, ce.shapley[c]);
        ticker->addTick(row, name);

        m_stems->setItem(row, ColRank, new QTableWidgetItem(QString::number(row + 1)));
        auto* nameItem = new QTableWidgetItem(name);
        nameItem->setToolTip(tr("Sound source %1, as the separator %2 split it off.").arg(name, QString::fromStdString(ex.separator)));
        m_stems->setItem(row, ColComponent, nameItem);
        m_stems->setItem(row, ColWeight, numberItem(weight, Tooltips::limeWeight(name, target, weight)));
        if (hasShapley) m_stems->setItem(row, ColShapley, numberItem(ce.shapley[c], Tooltips::shapley(name, target, ce.shapley[c])));
        else m_stems->setItem(row, ColShapley, new QTableWidgetItem(tr("n/a")));

        const int stem = int(c) / segments;
        auto* play = new QToolButton(m_stems);
        play->setText(tr("▶"));
        play->setToolTip(tr("Play only this source."));
        connect(play, &QToolButton::clicked, this, [this, stem] { m_playback->playOnly(stem); });
        auto* solo = new QToolButton(m_stems);
        solo->setText(tr("S"));
        solo->setCheckable(true);
        solo->setToolTip(tr("Solo: hear this source (and other soloed ones) only."));
        connect(solo, &QToolButton::toggled, this, [this, stem](bool on) { m_playback->mixer()->setStemSolo(stem, on); });
        auto* mute = new QToolButton(m_stems);
        mute->setText(tr("M"));
        mute->setCheckable(true);
        mute->setToolTip(tr("Mute: take this source out of the mix."));
        connect(mute, &QToolButton::toggled, this, [this, stem](bool on) { m_playback->mixer()->setStemMuted(stem, on); });
        m_stems->setCellWidget(row, ColPlay, play);
        m_stems->setCellWidget(row, ColSolo, solo);
        m_stems->setCellWidget(row, ColMute, mute);
    }
    m_stems->resizeColumnsToContents();
    refreshControls();

    m_chart->xAxis->setTicker(ticker);
    m_chart->xAxis->setTickLabelRotation(m_ranking.size() > 5 ? 40 : 0);
    m_chart->xAxis->setRange(-0.6, double(m_ranking.size()) - 0.4);
    bool found = false;
    QCPRange range = m_weightBars->getValueRange(found);
    if (found && !ce.shapley.empty()) range.expand(m_shapleyBars->getValueRange(found));
    range.expand(0.0);
    const double pad = range.size() * 0.08 + 1e-9;
    m_chart->yAxis->setRange(range.lower - (range.lower < 0 ? pad : 0.0), range.upper + pad);
    m_chart->replot();

    const auto& rows = ex.explanation.perturbations.rows;
    const auto& predictions = ex.explanation.predictions;
    const auto& kernel = ex.explanation.sampleWeights;
    m_perturbations->setRowCount(int(rows.size()));
    for (int r = 0; r < int(rows.size()); ++r) {
        const auto& mask = rows[std::size_t(r)];
        auto* rowItem = new QTableWidgetItem(QString::fromStdString(PerturbationSet::format(mask)));
        rowItem->setToolTip(tr("Mask: 1 keeps a source, 0 removes it (in component order)."));
        m_perturbations->setItem(r, ColRow, rowItem);
        m_perturbations->setItem(r, ColKept, new QTableWidgetItem(ChartData::keptComponents(ex, mask)));
        const double prediction = predictions[std::size_t(r)][std::size_t(t)];
        m_perturbations->setItem(r, ColPrediction, numberItem(prediction, tr("The model's %1 for this mix.").arg(Tooltips::label(target))));
        if (std::size_t(r) < kernel.size())
            m_perturbations->setItem(r, ColKernel, numberItem(kernel[std::size_t(r)], m_perturbations->horizontalHeaderItem(ColKernel)->toolTip()));
    }
    m_perturbations->resizeColumnToContents(ColRow);
}

void StemsPanel::refreshControls()
{
    for (int row = 0; row < m_stems->rowCount(); ++row) {
        const int stem = stemOfRow(row);
        if (auto* b = soloButton(row)) {
            const QSignalBlocker block(b);
            b->setChecked(m_playback->mixer()->stemSolo(stem));
        }
        if (auto* b = muteButton(row)) {
            const QSignalBlocker block(b);
            b->setChecked(m_playback->mixer()->stemMuted(stem));
        }
    }
}

} // namespace emotrace::ui
