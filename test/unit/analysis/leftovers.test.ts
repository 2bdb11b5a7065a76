import { describe, expect, test } from 'vitest';
import { analyzeMemoryProject, render } from '../../helpers/analyze';

describe('KL101 and the kedro.extras.datasets classes a 0.17 release did not have yet', () => {
  // Read from the kedro tags: 0.18.0 added the networkx file classes, pandas.XMLDataSet and redis.PickleDataSet;
  // plotly.PlotlyDataSet came in 0.17.4, tracking.* in 0.17.5.
  const CATALOG = 'doc:\n  type: pandas.XMLDataSet\n  filepath: data/doc.xml\ncache:\n  type: redis.PickleDataSet\n  key: k\nfig:\n  type: plotly.PlotlyDataSet\n  filepath: data/fig.json\n';
  test('reported where every release of the range lacks the class, known where one has it', async () => {
    const on0173 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.17.3\n' });
    expect(render(on0173.result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.XMLDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'redis.PickleDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:8:9 KL101 Dataset type 'plotly.PlotlyDataSet' does not exist in the releases this project uses (kedro ==0.17.3 · kedro-datasets any, from requirements.txt: kedro ==0.17.3); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.17.4–<0.19.0).",
    ]);
    const on0177 = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro==0.17.7\n' });
    expect(render(on0177.result, 'KL101')).toEqual([
      "conf/base/catalog.yml:2:9 KL101 Dataset type 'pandas.XMLDataSet' does not exist in the releases this project uses (kedro ==0.17.7 · kedro-datasets any, from requirements.txt: kedro ==0.17.7); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
      "conf/base/catalog.yml:5:9 KL101 Dataset type 'redis.PickleDataSet' does not exist in the releases this project uses (kedro ==0.17.7 · kedro-datasets any, from requirements.txt: kedro ==0.17.7); it exists in kedro-datasets 1.0.0–<2.0.0, kedro.extras.datasets (kedro 0.18.0–<0.19.0).",
    ]);
    // A range that reaches 0.18 may run a release that has them.
    const reaching = await analyzeMemoryProject({ 'conf/base/catalog.yml': CATALOG, 'requirements.txt': 'kedro>=0.17.7,<0.19\n' });
    expect(render(reaching.result, 'KL101')).toEqual([]);
  });
});
