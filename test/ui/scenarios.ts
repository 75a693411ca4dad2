import { clearAllScenario } from './clearAll.ui';
import { compareScenario } from './compare.ui';
import { httpFileScenario } from './httpFile.ui';
import { liveHooksScenario } from './liveHooks.ui';
import { portInUseScenario } from './portInUse.ui';
import { pullFormScenario } from './pullForm.ui';
import { requestPanelScenario } from './requestPanel.ui';
import { UiScenario } from './scenario';
import { settingErrorScenario } from './settingError.ui';
import { themesScenario } from './themes.ui';
import { webhooksScenario } from './webhooks.ui';

/**
 * Every UI scenario, run in order in one workbench per VS Code version. The first receives the
 * GitHub push that Compare and the theme screenshots open again.
 */
export const scenarios: readonly UiScenario[] = [
  webhooksScenario,
  liveHooksScenario,
  requestPanelScenario,
  pullFormScenario,
  compareScenario,
  themesScenario,
  settingErrorScenario,
  clearAllScenario,
  portInUseScenario,
  httpFileScenario,
];
