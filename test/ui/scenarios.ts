import { requestPanelScenario } from './requestPanel.ui';
import { UiScenario } from './scenario';
import { webhooksScenario } from './webhooks.ui';

/** Every UI scenario, run in order in one workbench per VS Code version. */
export const scenarios: readonly UiScenario[] = [webhooksScenario, requestPanelScenario];
