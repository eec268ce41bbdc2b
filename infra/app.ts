import { App } from 'aws-cdk-lib';
import { defineHub } from './hub-app.ts';

// `npx cdk synth [-c stage=prod]`: the CDK CLI runs this file through tsx (cdk.json).
defineHub(new App());
