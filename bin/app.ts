#!/usr/bin/env node
/**
 * CDK entry point, wiring only: pick the stage from context (`-c stage=prod`, default dev; settings in cdk.json
 * under "stages"), create the stack, and run cdk-nag's AWS Solutions checks on every synth, where an
 * unacknowledged finding fails the synth. A production stage whose sender or links are still example.com
 * placeholders fails here, naming the settings (stageFromContext → assertNoPlaceholders); only the selected stage is
 * synthesized, so the default (dev) synth works with cdk.json as shipped.
 * No `env`: the stack is environment-agnostic, so `cdk synth` needs no credentials; `cdk deploy` uses the
 * account and region of the caller's credentials.
 */
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SocialCareStack } from '../lib/social-care-stack';
import { stageFromContext } from '../lib/stage-config';

const app = new App();
const stage = stageFromContext(app);
new SocialCareStack(app, `SocialCare-${stage.name}`, { stage });
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
