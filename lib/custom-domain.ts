import { CfnOutput } from 'aws-cdk-lib';
import { ApiMapping, DomainName, EndpointType, type HttpApi, type HttpStage, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';

export interface CustomDomainProps {
  /** The API's own domain, e.g. care-api.example.com. */
  readonly domainName: string;
  /** An ACM certificate for it, issued (validated) in the stack's region: a regional API needs a regional certificate. */
  readonly certificateArn: string;
  readonly api: HttpApi;
  readonly stage: HttpStage;
}

/**
 * The HTTP API under the organisation's own name (stage setting `customDomain`). Carriers filter SMS whose links
 * point at shared domains such as execute-api.amazonaws.com, and platforms keep webhook URLs for years, so a name
 * the organisation owns is what pages, offers and platform registrations should carry. Regional endpoint, TLS 1.2
 * at least; DNS is the organisation's (a CNAME or alias to the `CustomDomainTarget` output), so no hosted zone is
 * assumed. The API's execute-api URL keeps working beside it.
 */
export class CustomDomain extends Construct {
  readonly domain: DomainName;
  /** https://<domainName>/ */
  readonly url: string;

  constructor(scope: Construct, id: string, props: CustomDomainProps) {
    super(scope, id);
    this.domain = new DomainName(this, 'Domain', {
      domainName: props.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: props.api, domainName: this.domain, stage: props.stage });
    this.url = `https://${props.domainName}/`;
    new CfnOutput(scope, 'CustomDomainTarget', {
      value: this.domain.regionalDomainName,
      description: `Point ${props.domainName} here: a CNAME (or a Route 53 alias) to this name`,
    });
  }
}
