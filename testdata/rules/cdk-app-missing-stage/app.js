// A REST API behind CloudFront, written with the CDK. The distribution's
// origin path leaves out the stage, a mistake edgelint reports (EL001) on
// the synthesized template, naming the construct.
const cdk = require('aws-cdk-lib');
const apigateway = require('aws-cdk-lib/aws-apigateway');
const cloudfront = require('aws-cdk-lib/aws-cloudfront');
const origins = require('aws-cdk-lib/aws-cloudfront-origins');

const app = new cdk.App();
const stack = new cdk.Stack(app, 'BlogStack', { env: { region: 'eu-west-1' } });

const api = new apigateway.RestApi(stack, 'BlogApi', {
  deployOptions: { stageName: 'prod' },
  endpointTypes: [apigateway.EndpointType.REGIONAL],
});
api.root.addResource('posts').addMethod('GET', new apigateway.MockIntegration());

// The origin is the API's host without the stage: every request gets 403.
const host = cdk.Fn.select(2, cdk.Fn.split('/', api.url));
new cloudfront.Distribution(stack, 'Cdn', {
  defaultBehavior: {
    origin: new origins.HttpOrigin(host),
    cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
  },
});

app.synth();
