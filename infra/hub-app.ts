import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentContext } from './app-context.ts';
import { stageConfig } from './stage-config.ts';
import { StatefulStack } from './stateful-stack.ts';
import { StatelessStack } from './stateless-stack.ts';

/** The two stacks of one stage. */
export interface HubStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Adds the hub's stacks for the stage named in the app's context (`-c stage=dev|prod`) and the
 * cdk-nag AwsSolutions checks. Stacks are environment-agnostic: account and region come from the
 * deploying credentials, and synthesis never calls AWS.
 */
export function defineHub(app: App): HubStacks {
  const context = readDeploymentContext(app.node);
  const config = stageConfig(context.stage);
  const stackPrefix = `DsrHub-${config.stage}`;

  const stateful = new StatefulStack(app, `${stackPrefix}-Stateful`, {
    description: `DSR Hub (${config.stage}): table, key, queues, secrets, alarm topic`,
    config,
    alarmEmail: context.alarmEmail,
    terminationProtection: config.stage === 'prod',
  });
  const stateless = new StatelessStack(app, `${stackPrefix}-Stateless`, {
    description: `DSR Hub (${config.stage}): functions, HTTP API, schedule, alarms`,
    config,
    stateful,
    vendorBaseUrls: context.vendorBaseUrls,
  });

  Tags.of(app).add('project', 'dsr-hub');
  Tags.of(app).add('stage', config.stage);
  // cdk-nag 3 is a policy-validation plugin: any finding not acknowledged fails synthesis.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { stateful, stateless };
}
