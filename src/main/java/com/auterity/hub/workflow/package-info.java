/** The workflow engine: JSON graphs compiled into Camel routes and executed durably (issue 3). */
package com.auterity.hub.workflow;
